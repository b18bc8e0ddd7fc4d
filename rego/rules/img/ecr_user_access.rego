# METADATA
# title: User access to ECR is scoped
# description: >-
#   An identity policy granting ecr:* or an ECR write action on Resource "*" lets its holder
#   overwrite or delete any image of the account. Scope ECR permissions by repository ARN
#   prefix (arn:aws:ecr:*:*:repository/team-a/*).
# related_resources:
#   - ref: https://docs.aws.amazon.com/eks/latest/best-practices/image-security.html
#     description: EKS Best Practices, Create IAM policies for ECR repositories
# custom:
#   id: EKS-IMG-012
#   severity: medium
#   mode: enforce
#   input: tf
#   remediation: Scope the ECR statement's Resource to the team's repository ARNs.
#   compliance:
#     cis-eks: ["5.1.2"]
#     eks-bp: ["image"]
#   tags: [terraform, iam, ecr]
package eks.rules.img.ecr_user_access

import data.eks.lib.result
import data.eks.lib.tf

_ecr_write(a) if lower(a) == "ecr:*"

_ecr_write(a) if regex.match(`(?i)^ecr:(put|batchdelete|delete|upload|initiatelayerupload|completelayerupload|setrepositorypolicy|replicate|create)`, a)

deny contains result.new("EKS-IMG-012", p.doc, tf.statement_path(p, s), msg) if {
	some p in tf.identity_policies
	some s in p.statements
	tf.allows(s)
	"*" in s.resources
	writes := {a | some a in s.actions; _ecr_write(a)}
	count(writes) > 0
	msg := sprintf("%s: statement %d grants %s on Resource \"*\", i.e. on every repository. Scope it to repository ARNs.", [p.doc.name, s.index, concat(", ", sort(writes))])
}
