# METADATA
# title: The node role has read-only ECR access
# description: >-
#   Nodes only pull images. A node role with AmazonEC2ContainerRegistryFullAccess or
#   AmazonEC2ContainerRegistryPowerUser, or an inline policy granting ECR write actions, lets
#   any pod that reaches the node's credentials push or delete images.
# related_resources:
#   - ref: https://docs.aws.amazon.com/eks/latest/best-practices/image-security.html
#     description: EKS Best Practices, Image security
# custom:
#   id: EKS-IMG-011
#   severity: high
#   mode: enforce
#   input: tf
#   remediation: >-
#     Attach AmazonEC2ContainerRegistryReadOnly (or AmazonEC2ContainerRegistryPullOnly) to the
#     node role instead, and remove ECR write actions from its inline policies.
#   compliance:
#     cis-eks: ["5.1.3"]
#     eks-bp: ["image"]
#   tags: [terraform, iam, ecr, nodes]
package eks.rules.img.node_ecr_access

import data.eks.lib.result
import data.eks.lib.tf

_write_policies := {
	"arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryFullAccess",
	"arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryPowerUser",
}

_ecr_write(a) if lower(a) in {"*", "ecr:*"}

_ecr_write(a) if regex.match(`(?i)^ecr:(put|batchdelete|delete|upload|initiatelayerupload|completelayerupload|set|tag|untag|replicate|create)`, a)

deny contains result.new("EKS-IMG-011", a.doc, a.path, msg) if {
	some x in tf.node_roles
	some a in tf.role_attachments(x.role)
	a.arn in _write_policies
	msg := sprintf("Node role %s has %s attached: pods that reach the node's credentials can push or delete images. Attach AmazonEC2ContainerRegistryReadOnly instead.", [x.role.name, a.arn])
}

_inline(role) := {{"doc": p, "path": ["values", "policy"], "statements": tf.policy_statements(tf.get(p, ["policy"]))} |
	some p in tf.referring(role, "aws_iam_role_policy")
} | {{"doc": role, "path": ["values", "inline_policy", i, "policy"], "statements": tf.policy_statements(ip.policy)} |
	some i, ip in tf.get(role, ["inline_policy"])
	is_object(ip)
}

deny contains result.new("EKS-IMG-011", p.doc, p.path, msg) if {
	some x in tf.node_roles
	some p in _inline(x.role)
	some s in p.statements
	tf.allows(s)
	writes := {a | some a in s.actions; _ecr_write(a)}
	count(writes) > 0
	msg := sprintf("Node role %s has an inline policy granting ECR write actions (%s). Nodes need only pull access.", [x.role.name, concat(", ", sort(writes))])
}
