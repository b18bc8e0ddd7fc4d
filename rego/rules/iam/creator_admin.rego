# METADATA
# title: Cluster creator does not keep permanent cluster-admin
# description: >-
#   access_config.bootstrap_cluster_creator_admin_permissions defaults to true: the IAM
#   principal that created the cluster (often a CI role) keeps an invisible cluster-admin
#   grant. Set it to false and grant admin through an explicit access entry instead. It can
#   be false only when the authentication mode is not CONFIG_MAP.
# related_resources:
#   - ref: https://docs.aws.amazon.com/eks/latest/best-practices/identity-and-access-management.html
#     description: EKS Best Practices, Remove the cluster-admin permissions from the cluster creator principal
# custom:
#   id: EKS-IAM-004
#   severity: medium
#   mode: enforce
#   input: tf
#   remediation: >-
#     Set `access_config { bootstrap_cluster_creator_admin_permissions = false }` and create an
#     aws_eks_access_entry plus aws_eks_access_policy_association for the (break-glass) admin role.
#   fix:
#     before: |
#       access_config {
#         authentication_mode = "API"
#       }
#     after: |
#       access_config {
#         authentication_mode                         = "API"
#         bootstrap_cluster_creator_admin_permissions = false
#       }
#   compliance:
#     eks-bp: ["iam"]
#   tags: [terraform, eks, authentication]
package eks.rules.iam.creator_admin

import data.eks.lib.result
import data.eks.lib.tf

deny contains result.new("EKS-IAM-004", doc, ["values", "access_config", 0, "bootstrap_cluster_creator_admin_permissions"], msg) if {
	some doc in tf.clusters
	not tf.is_false(tf.attr(doc, "access_config", "bootstrap_cluster_creator_admin_permissions"))
	msg := sprintf("%s: the cluster creator keeps permanent cluster-admin (bootstrap_cluster_creator_admin_permissions is not false; the default is true). Set it to false and grant admin through an access entry.", [doc.name])
}
