# METADATA
# title: Amazon Inspector scans EC2 (and ECR)
# description: >-
#   An aws_inspector2_enabler should include EC2 in resource_types (nodes), and ECR for
#   container images (see EKS-IMG-006).
# related_resources:
#   - ref: https://docs.aws.amazon.com/eks/latest/best-practices/protecting-the-infrastructure.html
#     description: EKS Best Practices, Run Amazon Inspector
# custom:
#   id: EKS-HOST-007
#   severity: low
#   mode: enforce
#   input: tf
#   remediation: Set resource_types = ["EC2", "ECR"] on the aws_inspector2_enabler.
#   compliance:
#     eks-bp: ["hosts", "image"]
#   tags: [terraform, inspector, vulnerability-scanning]
package eks.rules.host.inspector

import data.eks.lib.result
import data.eks.lib.tf

deny contains result.new("EKS-HOST-007", e, ["values", "resource_types"], msg) if {
	some e in tf.managed("aws_inspector2_enabler")
	types := {t | some t in tf.strings(tf.get(e, ["resource_types"]))}
	missing := {"EC2", "ECR"} - types
	count(missing) > 0
	msg := sprintf("Inspector enabler %s does not scan %s. Add them to resource_types.", [e.name, concat(" and ", sort(missing))])
}
