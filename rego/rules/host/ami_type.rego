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

_ami_unset(g) if tf.get(g, ["ami_type"]) == null

_ami_unset(g) if tf.get(g, ["ami_type"]) == ""

_uses_custom_image(g) if {
	some lt in tf.launch_templates(g)
	tf.get(lt, ["image_id"]) != null
}

# The default EKS picks for an unset ami_type: AL2_x86_64 before Kubernetes 1.30, AL2023 after.
_version(g) := v if {
	v := tf.get(g, ["version"])
	is_string(v)
} else := min(versions) if {
	# The lowest when several clusters are referenced (for_each): one value, the conservative one.
	versions := {v | some c in tf.refs(g, "cluster_name"); v := tf.get(c, ["version"]); is_string(v)}
	count(versions) > 0
} else := ""

_before_130(v) if {
	regex.match(`^1\.[0-9]+`, v)
	to_number(split(v, ".")[1]) < 30
}

deny contains result.new("EKS-HOST-001", g, ["values", "ami_type"], msg) if {
	some g in tf.managed("aws_eks_node_group")
	_ami_unset(g)
	not _uses_custom_image(g)
	v := _version(g)
	_before_130(v)
	msg := sprintf("Node group %s does not set ami_type, so EKS uses Amazon Linux 2 (AL2_x86_64) for Kubernetes %s. Set ami_type to an AL2023_* or BOTTLEROCKET_* type.", [g.name, v])
}

deny contains tf.finding("EKS-HOST-001", g, ["values", "ami_type"], msg, {"severity": "info"}) if {
	some g in tf.managed("aws_eks_node_group")
	_ami_unset(g)
	not _uses_custom_image(g)
	not _before_130(_version(g))
	msg := sprintf("Node group %s does not set ami_type, so the AMI is EKS's default for its Kubernetes version (Amazon Linux 2 before 1.30). Set ami_type explicitly to an AL2023_* or BOTTLEROCKET_* type.", [g.name])
}
