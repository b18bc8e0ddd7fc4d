# METADATA
# title: Cluster-wide admin access policy associations are restricted
# description: >-
#   An aws_eks_access_policy_association granting AmazonEKSClusterAdminPolicy, or
#   AmazonEKSAdminPolicy / AmazonEKSEditPolicy with a cluster-wide access scope, gives a
#   principal admin over every namespace. Only principals on the break-glass allow-list
#   (cluster.break-glass in the configuration) may have it.
# related_resources:
#   - ref: https://docs.aws.amazon.com/eks/latest/userguide/access-policies.html
#     description: Amazon EKS access policies
# custom:
#   id: EKS-IAM-005
#   severity: high
#   mode: enforce
#   input: tf
#   remediation: >-
#     Scope the association to namespaces (`access_scope { type = "namespace" namespaces = [...] }`)
#     with a narrower policy (AmazonEKSEditPolicy / AmazonEKSViewPolicy), or add the principal to
#     cluster.break-glass if it is the audited admin path.
#   compliance:
#     cis-eks: ["4.1.1"]
#     eks-bp: ["iam"]
#   tags: [terraform, eks, authorization]
package eks.rules.iam.access_policy_admin

import data.eks.lib.result
import data.eks.lib.tf

_admin(arn, _) if endswith(arn, "cluster-access-policy/AmazonEKSClusterAdminPolicy")

_admin(arn, scope) if {
	some p in ["AmazonEKSAdminPolicy", "AmazonEKSEditPolicy"]
	endswith(arn, concat("", ["/", p]))
	scope == "cluster"
}

deny contains result.new("EKS-IAM-005", doc, ["values", "policy_arn"], msg) if {
	some doc in tf.managed("aws_eks_access_policy_association")
	arn := tf.get(doc, ["policy_arn"])
	is_string(arn)
	scope := object.get(tf.block(doc, "access_scope"), "type", "")
	_admin(arn, scope)
	not tf.break_glass_ref(doc, "principal_arn")
	policy := regex.split(`/`, arn)[count(regex.split(`/`, arn)) - 1]
	msg := sprintf("%s grants %s cluster-wide to a principal that is not on the break-glass list (cluster.break-glass). Scope it to namespaces with a narrower policy, or list the principal as break-glass.", [doc.name, policy])
}
