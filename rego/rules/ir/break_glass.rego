# METADATA
# title: Break-glass admin path exists when the creator's admin is removed
# description: >-
#   A cluster whose creator's admin is removed (bootstrap_cluster_creator_admin_permissions =
#   false, EKS-IAM-004) needs a break-glass principal (cluster.break-glass) with a cluster-scope
#   AmazonEKSClusterAdminPolicy association, or nobody can administer it in an emergency.
# related_resources:
#   - ref: https://docs.aws.amazon.com/eks/latest/best-practices/identity-and-access-management.html
#     description: EKS Best Practices, Remove the cluster-admin permissions from the cluster creator principal
# custom:
#   id: EKS-IR-004
#   severity: low
#   mode: enforce
#   input: tf
#   remediation: >-
#     Add an aws_eks_access_entry and aws_eks_access_policy_association (AmazonEKSClusterAdminPolicy,
#     access_scope type cluster) for the break-glass role, and list it under cluster.break-glass.
#   compliance:
#     eks-bp: ["iam", "incidents"]
#   tags: [terraform, eks, incident-response]
package eks.rules.ir.break_glass

import data.eks.lib.result
import data.eks.lib.tf

_break_glass_association(c) if {
	some a in tf.managed("aws_eks_access_policy_association")
	a.object.plan == c.object.plan
	arn := tf.get(a, ["policy_arn"])
	is_string(arn)
	endswith(arn, "cluster-access-policy/AmazonEKSClusterAdminPolicy")
	object.get(tf.block(a, "access_scope"), "type", "") == "cluster"
	tf.break_glass_ref(a, "principal_arn")
}

deny contains result.new("EKS-IR-004", c, ["values", "access_config", 0, "bootstrap_cluster_creator_admin_permissions"], msg) if {
	some c in tf.clusters
	tf.is_false(tf.attr(c, "access_config", "bootstrap_cluster_creator_admin_permissions"))
	not _break_glass_association(c)
	msg := sprintf("%s removes the creator's admin but grants no break-glass principal (cluster.break-glass) AmazonEKSClusterAdminPolicy at cluster scope: a lock-out risk. Add the break-glass access entry and association.", [c.name])
}
