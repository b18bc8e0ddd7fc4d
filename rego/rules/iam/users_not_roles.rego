# METADATA
# title: Cluster access is granted to IAM roles, not IAM users
# description: >-
#   Access entries (and aws-auth mapUsers) for IAM users tie cluster access to long-lived user
#   credentials. Grant access to IAM roles that people and systems assume.
# related_resources:
#   - ref: https://docs.aws.amazon.com/eks/latest/best-practices/identity-and-access-management.html
#     description: EKS Best Practices, Use IAM Roles when multiple users need identical access
# custom:
#   id: EKS-IAM-006
#   severity: low
#   mode: enforce
#   input: tf
#   remediation: >-
#     Replace the user's access entry with one for an IAM role the user (or group) assumes.
#   compliance:
#     eks-bp: ["iam"]
#   tags: [terraform, eks, authentication]
package eks.rules.iam.users_not_roles

import data.eks.lib.result
import data.eks.lib.tf

deny contains result.new("EKS-IAM-006", doc, ["values", "principal_arn"], msg) if {
	some doc in tf.managed("aws_eks_access_entry")
	arn := tf.get(doc, ["principal_arn"])
	is_string(arn)
	contains(arn, ":user/")
	msg := sprintf("%s grants cluster access to the IAM user %s. Grant it to an IAM role instead.", [doc.name, arn])
}

deny contains result.new("EKS-IAM-006", doc, ["values", "principal_arn"], msg) if {
	some doc in tf.managed("aws_eks_access_entry")
	some u in tf.refs(doc, "principal_arn")
	u.kind == "aws_iam_user"
	msg := sprintf("%s grants cluster access to the IAM user %s. Grant it to an IAM role instead.", [doc.name, u.name])
}
