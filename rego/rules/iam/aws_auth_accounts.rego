# METADATA
# title: aws-auth has no mapAccounts entry
# description: >-
#   An account in `mapAccounts` maps every IAM user and role of that AWS account into the
#   cluster automatically. One finding per account, at its line inside the block scalar.
# related_resources:
#   - ref: https://docs.aws.amazon.com/eks/latest/best-practices/identity-and-access-management.html
#     description: EKS Best Practices, The aws-auth ConfigMap (deprecated)
# custom:
#   id: EKS-IAM-009
#   severity: medium
#   mode: enforce
#   input: k8s
#   remediation: >-
#     Remove `mapAccounts` and map the specific roles that need access (mapRoles or EKS
#     access entries).
#   compliance:
#     eks-bp: ["iam"]
#   tags: [identity, aws-auth]
package eks.rules.iam.aws_auth_accounts

import data.eks.lib.result

import data.eks.lib.aws_auth

deny contains aws_auth.finding("EKS-IAM-009", doc, e, [], msg) if {
	some doc in aws_auth.configmaps
	some e in aws_auth.entries(doc, "mapAccounts")
	msg := sprintf(`aws-auth mapAccounts maps every IAM principal of account "%s" into the cluster: map specific roles instead`, [result.show(e.item)])
}
