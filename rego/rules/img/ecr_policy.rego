# METADATA
# title: ECR repository policies are not public
# description: >-
#   An aws_ecr_repository_policy statement allowing Principal "*" (or {"AWS": "*"}) without a
#   condition such as aws:PrincipalOrgID or aws:SourceAccount makes the repository readable
#   (or writable) by any AWS account.
# related_resources:
#   - ref: https://docs.aws.amazon.com/eks/latest/best-practices/image-security.html
#     description: EKS Best Practices, Create IAM policies for ECR repositories
# custom:
#   id: EKS-IMG-008
#   severity: critical
#   mode: enforce
#   input: tf
#   remediation: Name the accounts or roles in Principal, or add a StringEquals aws:PrincipalOrgID condition.
#   compliance:
#     eks-bp: ["image"]
#   tags: [terraform, ecr, iam]
package eks.rules.img.ecr_policy

import data.eks.lib.result
import data.eks.lib.tf
import data.eks.rules.data.kms_policy

_statements(doc) := tf.policy_statements(tf.get(doc, ["policy"])) if not _from_document(doc)

else := [s | some d in tf.refs(doc, "policy"); d.kind == "aws_iam_policy_document"; some s in tf.document_statements(d)]

_from_document(doc) if {
	some d in tf.refs(doc, "policy")
	d.kind == "aws_iam_policy_document"
}

deny contains result.new("EKS-IMG-008", p, ["values", "policy"], msg) if {
	some p in tf.managed("aws_ecr_repository_policy")
	some s in _statements(p)
	tf.allows(s)
	kms_policy.wildcard(s)
	not kms_policy.restricted(s)
	msg := sprintf("%s: statement %d allows Principal \"*\" without an organisation or account condition, so any AWS account can use the repository. Restrict the principals.", [p.name, s.index])
}
