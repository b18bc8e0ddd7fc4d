# METADATA
# title: Nodes are reachable for forensics without SSH
# description: >-
#   Capturing volatile artifacts from a node needs a way in. When a node group has no SSH
#   (no remote_access, no launch-template key) its role should allow SSM Session Manager
#   (AmazonSSMManagedInstanceCore, or a policy with ssmmessages actions).
# related_resources:
#   - ref: https://docs.aws.amazon.com/eks/latest/best-practices/incident-response-and-forensics.html
#     description: EKS Best Practices, Capture volatile artifacts on the worker node
# custom:
#   id: EKS-IR-005
#   severity: low
#   mode: enforce
#   input: tf
#   remediation: Attach a minimal SSM Session Manager policy (or AmazonSSMManagedInstanceCore) to the node role.
#   compliance:
#     eks-bp: ["incidents", "hosts"]
#   tags: [terraform, eks, nodes, incident-response]
package eks.rules.ir.forensics_access

import data.eks.lib.result
import data.eks.lib.tf

_ssh(g) if tf.block(g, "remote_access") != {}

_ssh(g) if {
	some lt in tf.launch_templates(g)
	k := tf.get(lt, ["key_name"])
	is_string(k)
	k != ""
}

_ssm_statement(s) if {
	tf.allows(s)
	some a in s.actions
	regex.match(`(?i)^(ssmmessages|ssm):|^\*$`, a)
}

_ssm(role) if {
	some a in tf.role_attachments(role)
	a.arn == "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore"
}

_ssm(role) if {
	some a in tf.role_attachments(role)
	some p in tf.refs(a.doc, "policy_arn")
	some s in tf.policy_statements(tf.get(p, ["policy"]))
	_ssm_statement(s)
}

_ssm(role) if {
	some p in tf.referring(role, "aws_iam_role_policy")
	some s in tf.policy_statements(tf.get(p, ["policy"]))
	_ssm_statement(s)
}

_ssm(role) if {
	some ip in tf.get(role, ["inline_policy"])
	some s in tf.policy_statements(ip.policy)
	_ssm_statement(s)
}

deny contains result.new("EKS-IR-005", x.group, ["values", "node_role_arn"], msg) if {
	some x in tf.node_roles
	not _ssh(x.group)
	not _ssm(x.role)
	msg := sprintf("Node group %s has neither SSH nor SSM access (role %s has no Session Manager permissions), so volatile artifacts cannot be captured from its nodes during an incident. Attach a minimal SSM policy to the node role.", [x.group.name, x.role.name])
}
