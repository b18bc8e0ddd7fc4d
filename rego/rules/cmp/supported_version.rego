# METADATA
# title: Cluster runs a supported Kubernetes version
# description: >-
#   aws_eks_cluster.version must be on the supported list (terraform.supported-versions in the
#   configuration; default 1.29 to 1.35, Checkov's list at the time of writing: keep it
#   current). A cluster on extended support (upgrade_policy.support_type = EXTENDED) is a
#   warning: it costs more and is on its way out.
# related_resources:
#   - ref: https://docs.aws.amazon.com/eks/latest/userguide/kubernetes-versions.html
#     description: Amazon EKS Kubernetes versions
# custom:
#   id: EKS-CMP-001
#   severity: medium
#   mode: enforce
#   input: tf
#   remediation: Upgrade the cluster (version) to a supported Kubernetes minor version.
#   compliance:
#     eks-bp: ["hosts", "compliance"]
#   tags: [terraform, eks, upgrades]
package eks.rules.cmp.supported_version

import data.eks.lib.result
import data.eks.lib.tf

# METADATA
# title: Supported versions
# description: The configured supported Kubernetes minor versions.
supported := object.get(input.context, ["terraform", "supported_versions"], ["1.29", "1.30", "1.31", "1.32", "1.33", "1.34", "1.35"])

_minor(v) := concat(".", array.slice(split(v, "."), 0, 2))

deny contains result.new("EKS-CMP-001", c, ["values", "version"], msg) if {
	some c in tf.clusters
	v := tf.get(c, ["version"])
	is_string(v)
	v != ""
	not _minor(v) in {s | some s in supported}
	msg := sprintf("%s runs Kubernetes %s, which is not on the supported list (%s). Upgrade the cluster.", [c.name, v, concat(", ", supported)])
}

deny contains tf.finding("EKS-CMP-001", c, ["values", "upgrade_policy", 0, "support_type"], msg, {"mode": "warn"}) if {
	some c in tf.clusters
	tf.attr(c, "upgrade_policy", "support_type") == "EXTENDED"
	msg := sprintf("%s is on EKS extended support. Plan the upgrade to a version in standard support.", [c.name])
}
