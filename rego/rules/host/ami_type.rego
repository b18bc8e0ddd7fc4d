# METADATA
# title: Container-optimised node OS
# description: >-
#   Managed node groups should run Bottlerocket or Amazon Linux 2023 AMIs (or Windows where
#   intended). AL2 EKS AMIs reach end of support (check the current AWS date); CUSTOM AMIs
#   cannot be judged from the plan (informational).
# related_resources:
#   - ref: https://docs.aws.amazon.com/eks/latest/best-practices/protecting-the-infrastructure.html
#     description: EKS Best Practices, Use an OS optimized for running containers
# custom:
#   id: EKS-HOST-001
#   severity: medium
#   mode: enforce
#   input: tf
#   remediation: Set ami_type to a BOTTLEROCKET_* or AL2023_* type.
#   fix:
#     before: |
#       ami_type = "AL2_x86_64"
#     after: |
#       ami_type = "AL2023_x86_64_STANDARD"
#   compliance:
#     eks-bp: ["hosts"]
#   tags: [terraform, eks, nodes]
package eks.rules.host.ami_type

import data.eks.lib.result
import data.eks.lib.tf

deny contains result.new("EKS-HOST-001", g, ["values", "ami_type"], msg) if {
	some g in tf.managed("aws_eks_node_group")
	t := tf.get(g, ["ami_type"])
	is_string(t)
	startswith(t, "AL2_")
	msg := sprintf("Node group %s runs Amazon Linux 2 (%s), which is at or near end of support for EKS. Use AL2023_* or BOTTLEROCKET_*.", [g.name, t])
}

deny contains tf.finding("EKS-HOST-001", g, ["values", "ami_type"], msg, {"severity": "info"}) if {
	some g in tf.managed("aws_eks_node_group")
	tf.get(g, ["ami_type"]) == "CUSTOM"
	msg := sprintf("Node group %s uses a CUSTOM AMI, which cannot be judged from the plan. Make sure it is container-optimised and patched.", [g.name])
}
