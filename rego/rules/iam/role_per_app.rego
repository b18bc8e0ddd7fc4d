# METADATA
# title: One IAM role per application
# description: >-
#   A role bound to several (namespace, ServiceAccount) pairs (EKS Pod Identity associations,
#   IRSA role-arn annotations) gives every one of those applications the union of their
#   permissions. Roles meant to be shared with ABAC session tags are exempt when tagged
#   `eks-policy-gate.io/shared-role = "true"`.
# related_resources:
#   - ref: https://docs.aws.amazon.com/eks/latest/best-practices/identity-and-access-management.html
#     description: EKS Best Practices, Use one IAM role per application
# custom:
#   id: EKS-IAM-012
#   severity: low
#   mode: enforce
#   input: tf
#   remediation: >-
#     Create one role per application (namespace and ServiceAccount); or, for a deliberately
#     shared ABAC role, tag it eks-policy-gate.io/shared-role = "true".
#   compliance:
#     eks-bp: ["iam"]
#   tags: [terraform, iam, pod-identity]
package eks.rules.iam.role_per_app

import data.eks.lib.result
import data.eks.lib.tf

# The role an association binds: the plan role it references, else its known ARN.
_role_key(a) := min(names) if {
	names := {r.name | some r in tf.roles_of(a, "role_arn")} # one key even if several resolve
	count(names) > 0
} else := arn if {
	arn := tf.get(a, ["role_arn"])
	is_string(arn)
}

_shared(a) if {
	some r in tf.roles_of(a, "role_arn")
	tf.tag(r, "eks-policy-gate.io/shared-role") == "true"
}

_shared(a) if {
	some pattern in object.get(input.context, ["service_accounts", "shared_roles"], [])
	is_string(pattern)
	some v in _arn_forms(a)
	glob.match(pattern, null, v)
}

# The ARN (or ARN suffix) forms of the role an association binds, to meet IRSA annotations.
_arn_forms(a) := {v | v := tf.get(a, ["role_arn"]); is_string(v)} | {v |
	some r in tf.roles_of(a, "role_arn")
	some v in [tf.get(r, ["arn"]), tf.get(r, ["name"])]
	is_string(v)
}

# ServiceAccounts (IRSA annotations, Kubernetes part) that use the same role.
_k8s_pairs(a) := {p |
	some arn, pairs in k8s_role_bindings
	some v in _arn_forms(a)
	_same_role(arn, v)
	some p in pairs
}

_same_role(arn, v) if arn == v

_same_role(arn, v) if {
	not contains(v, ":")
	endswith(arn, concat("", [":role/", v]))
}

_pairs[[plan, key]] contains pair if {
	some a in tf.managed("aws_eks_pod_identity_association")
	not _shared(a)
	plan := a.object.plan
	key := _role_key(a)
	pair := sprintf("%s/%s", [result.show(tf.get(a, ["namespace"])), result.show(tf.get(a, ["service_account"]))])
}

# METADATA
# title: Role shared by Pod Identity associations
# description: Terraform part of EKS-IAM-012, on each aws_eks_pod_identity_association.
deny contains result.new("EKS-IAM-012", a, ["values", "role_arn"], msg) if {
	some a in tf.managed("aws_eks_pod_identity_association")
	not _shared(a)
	key := _role_key(a)
	pairs := _pairs[[a.object.plan, key]] | _k8s_pairs(a)
	count(pairs) > 1
	msg := sprintf("%s binds role %s, which is also bound to other service accounts (%s). Give each application its own role.", [a.name, key, concat(", ", sort(pairs))])
}
