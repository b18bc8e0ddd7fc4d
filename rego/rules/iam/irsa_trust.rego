# METADATA
# title: IRSA role trust is scoped to a single namespace and ServiceAccount
# description: >-
#   A role trusted through the cluster's OIDC provider (sts:AssumeRoleWithWebIdentity with a
#   Federated oidc.eks principal) must pin the token's subject with StringEquals on
#   `<issuer>:sub` to exact `system:serviceaccount:<namespace>:<name>` values, and its audience
#   with StringEquals `<issuer>:aud` = sts.amazonaws.com. Otherwise any pod of the cluster (or a
#   wildcard of them) can assume it. The trust policy is read from assume_role_policy, or from
#   the data.aws_iam_policy_document it is built from; a condition key built from an issuer
#   that is unknown at plan time is recognised by its values.
# related_resources:
#   - ref: https://docs.aws.amazon.com/eks/latest/best-practices/identity-and-access-management.html
#     description: EKS Best Practices, Scope the IAM Role trust policy for IRSA Roles
# custom:
#   id: EKS-IAM-010
#   severity: high
#   mode: enforce
#   input: tf
#   remediation: >-
#     Add `StringEquals` conditions on `<issuer>:sub` = "system:serviceaccount:<ns>:<sa>" and
#     `<issuer>:aud` = "sts.amazonaws.com" to the trust statement (no wildcards).
#   fix:
#     before: |
#       condition {
#         test     = "StringLike"
#         variable = "${local.issuer}:sub"
#         values   = ["system:serviceaccount:*"]
#       }
#     after: |
#       condition {
#         test     = "StringEquals"
#         variable = "${local.issuer}:sub"
#         values   = ["system:serviceaccount:payments:api"]
#       }
#       condition {
#         test     = "StringEquals"
#         variable = "${local.issuer}:aud"
#         values   = ["sts.amazonaws.com"]
#       }
#   compliance:
#     eks-bp: ["iam"]
#   tags: [terraform, iam, irsa]
package eks.rules.iam.irsa_trust

import data.eks.lib.result
import data.eks.lib.tf

# METADATA
# title: IRSA trust statements
# description: Allow statements of role trust policies that admit web identities from an EKS OIDC provider.
irsa_statements contains {"role": role, "t": t} if {
	some role in tf.managed("aws_iam_role")
	some t in tf.trust_statements(role)
	tf.allows(t.statement)
	_web_identity(t.statement)
	_eks_federated(t.statement)
}

_web_identity(s) if {
	some a in s.actions
	lower(a) in {"sts:assumerolewithwebidentity", "sts:*", "*"}
}

_eks_federated(s) if {
	some id in object.get(s.principals, "Federated", [])
	contains(id, "oidc.eks.")
}

# An identity unknown at plan time (the OIDC provider is created by the same plan).
_eks_federated(s) if {
	ids := object.get(s.principals, "Federated", null)
	ids != null
	count([id | some id in ids; contains(id, ".")]) == 0
}

_sa_subject(v) if regex.match(`^system:serviceaccount:[^:*?]+:[^:*?]+$`, v)

# StringEquals entries naming the subject: by key (<issuer>:sub), or by their values when the
# key was built from an issuer unknown at plan time.
_sub_values(s) := [v |
	some k, vals in object.get(s.conditions, "StringEquals", {})
	_sub_key(k, vals)
	some v in vals
]

_sub_key(k, _) if endswith(k, ":sub")

_sub_key(k, vals) if {
	not contains(k, ":")
	count(vals) > 0
	every v in vals {
		startswith(v, "system:serviceaccount:")
	}
}

_aud_ok(s) if {
	some k, vals in object.get(s.conditions, "StringEquals", {})
	_aud_key(k, vals)
	vals == ["sts.amazonaws.com"]
}

_aud_key(k, _) if endswith(k, ":aud")

_aud_key(k, vals) if {
	not contains(k, ":")
	vals == ["sts.amazonaws.com"]
}

_problem(s) := "it has no StringEquals condition on <issuer>:sub, so every service account of the cluster can assume the role" if {
	count(_sub_values(s)) == 0
} else := "a StringEquals <issuer>:sub value is not an exact system:serviceaccount:<namespace>:<name>" if {
	some v in _sub_values(s)
	not _sa_subject(v)
} else := "it has no StringEquals condition <issuer>:aud = sts.amazonaws.com" if {
	not _aud_ok(s)
}

# StringLike with a wildcard in the namespace or name segment widens the subject.
_wildcard(s) if {
	some op, kv in s.conditions
	op in {"StringLike", "ForAnyValue:StringLike", "ForAllValues:StringLike"}
	some k, vals in kv
	_sub_key(k, vals)
	some v in vals
	parts := split(v, ":")
	some p in array.slice(parts, 2, count(parts))
	regex.match(`[*?]`, p)
}

_wildcard(s) if {
	some op, kv in s.conditions
	op in {"StringLike", "ForAnyValue:StringLike", "ForAllValues:StringLike"}
	some k, vals in kv
	endswith(k, ":sub")
	some v in vals
	regex.match(`^system:serviceaccount:?[*?]*$|^[*?]+$`, v)
}

deny contains result.new("EKS-IAM-010", x.t.doc, x.t.path, msg) if {
	some x in irsa_statements
	why := _problem(x.t.statement)
	msg := sprintf("IRSA role %s: trust statement %d admits web identities from the cluster's OIDC provider, but %s. Pin <issuer>:sub to system:serviceaccount:<namespace>:<name> and <issuer>:aud to sts.amazonaws.com with StringEquals.", [x.role.name, x.t.statement.index, why])
}

deny contains result.new("EKS-IAM-010", x.t.doc, x.t.path, msg) if {
	some x in irsa_statements
	not _problem(x.t.statement)
	_wildcard(x.t.statement)
	msg := sprintf("IRSA role %s: trust statement %d uses StringLike with a wildcard in the service account's namespace or name. Use StringEquals with exact system:serviceaccount:<namespace>:<name> values.", [x.role.name, x.t.statement.index])
}
