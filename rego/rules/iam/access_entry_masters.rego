# METADATA
# title: No access entry puts principals in system:masters
# description: >-
#   system:masters bypasses RBAC entirely and cannot be revoked by editing bindings. An access
#   entry's kubernetes_groups must not contain it.
# related_resources:
#   - ref: https://docs.aws.amazon.com/eks/latest/best-practices/identity-and-access-management.html
#     description: EKS Best Practices, least privileged access
# custom:
#   id: EKS-IAM-007
#   severity: high
#   mode: enforce
#   input: tf
#   remediation: >-
#     Remove system:masters from kubernetes_groups; associate an access policy or bind a
#     dedicated group with RBAC instead.
#   compliance:
#     cis-eks: ["4.1.7"]
#     eks-bp: ["iam"]
#   tags: [terraform, eks, authorization]
package eks.rules.iam.access_entry_masters

import data.eks.lib.result
import data.eks.lib.tf

deny contains result.new("EKS-IAM-007", doc, ["values", "kubernetes_groups", i], msg) if {
	some doc in tf.managed("aws_eks_access_entry")
	groups := tf.get(doc, ["kubernetes_groups"])
	is_array(groups)
	some i, g in groups
	g == "system:masters"
	msg := sprintf("%s puts its principal in system:masters, which bypasses RBAC. Remove it and grant a scoped group or access policy.", [doc.name])
}
