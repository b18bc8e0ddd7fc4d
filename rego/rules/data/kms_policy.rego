# METADATA
# title: KMS key policy has no wildcard principal
# description: >-
#   A key policy statement that allows Principal "*" (or {"AWS": "*"}) without a restricting
#   condition (aws:PrincipalOrgID, aws:PrincipalAccount, aws:SourceAccount, kms:CallerAccount,
#   kms:ViaService, aws:SourceArn...) lets any AWS account use the key.
# related_resources:
#   - ref: https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-overview.html
#     description: AWS KMS key policies
# custom:
#   id: EKS-DATA-003
#   severity: high
#   mode: enforce
#   input: tf
#   remediation: >-
#     Name the account or roles in Principal, or add a condition such as
#     StringEquals kms:CallerAccount = <account id>.
#   compliance:
#     eks-bp: ["data"]
#   tags: [terraform, kms, iam]
package eks.rules.data.kms_policy

import data.eks.lib.result
import data.eks.lib.tf

# METADATA
# title: Wildcard principal
# description: A statement whose principal is everyone.
wildcard(s) if "*" in object.get(s.principals, "*", [])

wildcard(s) if "*" in object.get(s.principals, "AWS", [])

_restricting := {
	"aws:principalorgid", "aws:principalaccount", "aws:sourceaccount", "aws:sourcearn",
	"aws:sourceorgid", "aws:principalarn", "kms:calleraccount", "kms:viaservice",
	"aws:sourcevpc", "aws:sourcevpce", "aws:principalorgpaths",
}

# METADATA
# title: Restricted by a condition
# description: The statement has a condition key that limits who can use the permission.
restricted(s) if {
	some _, kv in s.conditions
	some k, _ in kv
	lower(k) in _restricting
}

deny contains result.new("EKS-DATA-003", k, ["values", "policy"], msg) if {
	some k in tf.managed("aws_kms_key")
	some s in tf.policy_statements(tf.get(k, ["policy"]))
	tf.allows(s)
	wildcard(s)
	not restricted(s)
	msg := sprintf("KMS key %s: policy statement %d allows Principal \"*\" without a restricting condition, so any AWS account may use the key. Name the principals or add a condition such as kms:CallerAccount.", [k.name, s.index])
}
