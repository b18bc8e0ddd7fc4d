# METADATA
# title: Pod Identity role trust is well-formed and scoped
# description: >-
#   A role trusted by pods.eks.amazonaws.com (EKS Pod Identity) may allow only sts:AssumeRole
#   and sts:TagSession. A trust statement without a confused-deputy condition (aws:SourceOrgId,
#   aws:SourceAccount or aws:SourceArn) is reported as a warning.
# related_resources:
#   - ref: https://docs.aws.amazon.com/eks/latest/best-practices/identity-and-access-management.html
#     description: EKS Best Practices, Working with IAM roles for EKS Pod Identities
# custom:
#   id: EKS-IAM-011
#   severity: low
#   mode: enforce
#   input: tf
#   remediation: >-
#     Allow exactly ["sts:AssumeRole", "sts:TagSession"] for Service pods.eks.amazonaws.com, and
#     add a condition on aws:SourceAccount (or aws:SourceArn of the cluster).
#   compliance:
#     eks-bp: ["iam"]
#   tags: [terraform, iam, pod-identity]
package eks.rules.iam.pod_identity_trust

import data.eks.lib.result
import data.eks.lib.tf

_allowed := {"sts:assumerole", "sts:tagsession"}

_pod_identity contains {"role": role, "t": t} if {
	some role in tf.managed("aws_iam_role")
	some t in tf.trust_statements(role)
	tf.allows(t.statement)
	"pods.eks.amazonaws.com" in object.get(t.statement.principals, "Service", [])
}

deny contains result.new("EKS-IAM-011", x.t.doc, x.t.path, msg) if {
	some x in _pod_identity
	extra := {a | some a in x.t.statement.actions; not lower(a) in _allowed}
	count(extra) > 0
	msg := sprintf("Pod Identity role %s: trust statement %d allows %s; only sts:AssumeRole and sts:TagSession are needed.", [x.role.name, x.t.statement.index, concat(", ", sort(extra))])
}

_deputy_keys := {"aws:sourceorgid", "aws:sourceaccount", "aws:sourcearn"}

deny contains tf.finding("EKS-IAM-011", x.t.doc, x.t.path, msg, {"mode": "warn"}) if {
	some x in _pod_identity
	keys := {lower(k) | some _, kv in x.t.statement.conditions; some k, _ in kv}
	count(keys & _deputy_keys) == 0
	msg := sprintf("Pod Identity role %s: trust statement %d has no confused-deputy condition (aws:SourceAccount, aws:SourceArn or aws:SourceOrgId).", [x.role.name, x.t.statement.index])
}
