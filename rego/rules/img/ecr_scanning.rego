# METADATA
# title: ECR images are scanned
# description: >-
#   Every ECR repository's images should be scanned for vulnerabilities: scan_on_push on the
#   repository, or an aws_ecr_registry_scanning_configuration of type ENHANCED with a rule
#   (CONTINUOUS_SCAN or SCAN_ON_PUSH) whose wildcard filter matches the repository name.
# related_resources:
#   - ref: https://docs.aws.amazon.com/eks/latest/best-practices/image-security.html
#     description: EKS Best Practices, Scan images for vulnerabilities regularly
# custom:
#   id: EKS-IMG-006
#   severity: high
#   mode: enforce
#   input: tf
#   remediation: >-
#     Manage aws_ecr_registry_scanning_configuration { scan_type = "ENHANCED" rule {
#     scan_frequency = "CONTINUOUS_SCAN" repository_filter { filter = "*" filter_type = "WILDCARD" } } },
#     or set image_scanning_configuration { scan_on_push = true } on the repository.
#   compliance:
#     cis-eks: ["5.1.1"]
#     eks-bp: ["image"]
#   tags: [terraform, ecr, vulnerability-scanning]
package eks.rules.img.ecr_scanning

import data.eks.lib.result
import data.eks.lib.tf

_on_push(r) if tf.is_true(object.get(tf.block(r, "image_scanning_configuration"), "scan_on_push", false))

_enhanced(name) if {
	some c in tf.managed("aws_ecr_registry_scanning_configuration")
	tf.get(c, ["scan_type"]) == "ENHANCED"
	some rule in tf.get(c, ["rule"])
	rule.scan_frequency in {"CONTINUOUS_SCAN", "SCAN_ON_PUSH"}
	some f in rule.repository_filter
	object.get(f, "filter_type", "WILDCARD") == "WILDCARD"
	is_string(f.filter)
	is_string(name)
	glob.match(f.filter, [], name)
}

_enhanced(name) if {
	not is_string(name)
	some c in tf.managed("aws_ecr_registry_scanning_configuration")
	tf.get(c, ["scan_type"]) == "ENHANCED"
	some rule in tf.get(c, ["rule"])
	rule.scan_frequency in {"CONTINUOUS_SCAN", "SCAN_ON_PUSH"}
	some f in rule.repository_filter
	f.filter == "*"
}

deny contains result.new("EKS-IMG-006", r, ["values", "image_scanning_configuration"], msg) if {
	some r in tf.managed("aws_ecr_repository")
	not _on_push(r)
	not _enhanced(tf.get(r, ["name"]))
	msg := sprintf("ECR repository %s is not scanned for vulnerabilities: no scan_on_push and no enhanced registry scanning rule matches it. Enable scan_on_push or enhanced scanning.", [r.name])
}
