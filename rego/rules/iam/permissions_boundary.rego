# METADATA
# title: Permissions boundary on workload roles
# description: >-
#   Roles that pods assume (bound by an aws_eks_pod_identity_association, or trusted through
#   the cluster's OIDC provider for IRSA) should carry a permissions_boundary, so a policy
#   added later cannot grant more than the boundary allows.
# related_resources:
#   - ref: https://docs.aws.amazon.com/eks/latest/best-practices/identity-and-access-management.html
#     description: EKS Best Practices, Grant least privileged access to applications
# custom:
#   id: EKS-IAM-017
#   severity: low
#   mode: enforce
#   input: tf
#   remediation: Set `permissions_boundary` on the role to the organisation's workload boundary policy.
#   compliance:
#     eks-bp: ["iam"]
#   tags: [terraform, iam, least-privilege]
package eks.rules.iam.permissions_boundary

import data.eks.lib.result
import data.eks.lib.tf
import data.eks.rules.iam.irsa_trust

_workload_roles contains r if {
	some a in tf.managed("aws_eks_pod_identity_association")
	some r in tf.roles_of(a, "role_arn")
}

_workload_roles contains x.role if some x in irsa_trust.irsa_statements

_has_boundary(r) if {
	b := tf.get(r, ["permissions_boundary"])
	is_string(b)
	b != ""
}

_has_boundary(r) if tf.unknown(r, ["permissions_boundary"])

deny contains result.new("EKS-IAM-017", r, ["values", "permissions_boundary"], msg) if {
	some r in _workload_roles
	not _has_boundary(r)
	msg := sprintf("Workload role %s (assumed by pods) has no permissions_boundary. Set one so later policy changes cannot exceed it.", [r.name])
}
