# METADATA
# title: aws-auth does not map principals to system:masters
# description: >-
#   `system:masters` bypasses RBAC and cannot be revoked by deleting a binding. Every item of
#   `mapRoles` and `mapUsers` in the kube-system/aws-auth ConfigMap (YAML inside the
#   ConfigMap, parsed here) whose `groups` contain `system:masters` is a finding at the
#   group's line inside the block scalar, unless its ARN is a break-glass principal
#   (`cluster.break-glass`). A mapping that is not a YAML list is reported as not evaluable.
# related_resources:
#   - ref: https://docs.aws.amazon.com/eks/latest/best-practices/identity-and-access-management.html
#     description: EKS Best Practices, The aws-auth ConfigMap (deprecated)
# custom:
#   id: EKS-IAM-008
#   severity: high
#   mode: enforce
#   input: k8s
#   remediation: >-
#     Map the role to a group of your own and bind that group to the ClusterRole it needs.
#     Keep cluster-admin for a break-glass role (list it under `cluster.break-glass`), and
#     move to EKS access entries.
#   fix:
#     before: |
#       mapRoles: |
#         - rolearn: arn:aws:iam::111122223333:role/devops
#           username: devops
#           groups: [system:masters]
#     after: |
#       mapRoles: |
#         - rolearn: arn:aws:iam::111122223333:role/devops
#           username: devops
#           groups: [devops-readers]
#   compliance:
#     cis-eks: ["4.1.7"]
#     eks-bp: ["iam"]
#   tags: [identity, aws-auth]
package eks.rules.iam.aws_auth_masters

import data.eks.lib.result

import data.eks.lib.aws_auth
import data.eks.lib.rbac

_keys := {"mapRoles": "rolearn", "mapUsers": "userarn"}

deny contains aws_auth.finding("EKS-IAM-008", doc, e, ["groups", j], msg) if {
	some doc in aws_auth.configmaps
	some key, arn_key in _keys
	some e in aws_auth.entries(doc, key)
	groups := e.item.groups
	is_array(groups)
	some j, g in groups
	g == "system:masters"
	arn := object.get(e.item, arn_key, "")
	not rbac.allowed(arn, object.get(input.context, ["cluster", "break_glass"], []))
	msg := sprintf(`aws-auth %s maps "%s" to system:masters, which bypasses RBAC; list break-glass principals under cluster.break-glass`, [key, result.show(arn)])
}

deny contains f if {
	some doc in aws_auth.configmaps
	some key in ["mapRoles", "mapUsers", "mapAccounts"]
	aws_auth.unreadable(doc, key)
	f := {
		"rule": "EKS-IAM-008", "doc": doc.id, "path": ["data", key], "severity": "info",
		"message": sprintf("aws-auth %s is not a YAML list, so its mappings could not be checked (not evaluable); the authenticator rejects it too", [key]),
	}
}
