# METADATA
# title: No SSH access to nodes
# description: >-
#   A node group remote_access with an ec2_ssh_key but no source_security_group_ids makes EKS
#   open port 22 to 0.0.0.0/0 (high). Any remote_access block or launch-template key_name at
#   all is reported at medium: reach nodes through SSM Session Manager instead. (KICS checks
#   the misspelt attribute source_security_groups_ids; this rule uses the real one.)
# related_resources:
#   - ref: https://docs.aws.amazon.com/eks/latest/best-practices/protecting-the-infrastructure.html
#     description: EKS Best Practices, Minimize access to worker nodes
# custom:
#   id: EKS-HOST-002
#   severity: high
#   mode: enforce
#   input: tf
#   remediation: >-
#     Remove remote_access (and the launch template's key_name) and use SSM Session Manager; if
#     SSH must stay, set source_security_group_ids to a bastion's group.
#   compliance:
#     eks-bp: ["hosts"]
#   tags: [terraform, eks, nodes, ssh]
package eks.rules.host.ssh_access

import data.eks.lib.result
import data.eks.lib.tf

_sources(ra) := s if {
	s := ra.source_security_group_ids
	is_array(s)
} else := []

_key(ra) if {
	k := ra.ec2_ssh_key
	is_string(k)
	k != ""
}

deny contains result.new("EKS-HOST-002", g, ["values", "remote_access", 0, "source_security_group_ids"], msg) if {
	some g in tf.managed("aws_eks_node_group")
	ra := tf.block(g, "remote_access")
	_key(ra)
	count(_sources(ra)) == 0
	not tf.unknown(g, ["remote_access", 0, "source_security_group_ids"])
	msg := sprintf("Node group %s allows SSH with key %s and no source_security_group_ids, so EKS opens port 22 to 0.0.0.0/0. Remove remote_access and use SSM, or restrict the sources.", [g.name, ra.ec2_ssh_key])
}

deny contains tf.finding("EKS-HOST-002", g, ["values", "remote_access"], msg, {"severity": "medium"}) if {
	some g in tf.managed("aws_eks_node_group")
	ra := tf.block(g, "remote_access")
	ra != {}
	not _world_open(g, ra)
	msg := sprintf("Node group %s enables SSH remote access. Use SSM Session Manager instead.", [g.name])
}

_world_open(g, ra) if {
	_key(ra)
	count(_sources(ra)) == 0
	not tf.unknown(g, ["remote_access", 0, "source_security_group_ids"])
}

deny contains tf.finding("EKS-HOST-002", lt, ["values", "key_name"], msg, {"severity": "medium"}) if {
	some g in tf.managed("aws_eks_node_group")
	some lt in tf.launch_templates(g)
	k := tf.get(lt, ["key_name"])
	is_string(k)
	k != ""
	msg := sprintf("Launch template %s of node group %s sets an SSH key (%s). Use SSM Session Manager instead.", [lt.name, g.name, k])
}
