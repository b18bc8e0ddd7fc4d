# METADATA
# title: cluster-admin only bound where required
# description: >-
#   `cluster-admin` is every permission on every object in every namespace. A binding to it
#   for anything but the built-in `system:masters` group gives that subject the whole cluster.
#   One finding per subject of a RoleBinding or ClusterRoleBinding whose roleRef is the
#   ClusterRole `cluster-admin`, unless the subject is in `rbac.cluster-admin-subjects`.
# related_resources:
#   - ref: https://docs.aws.amazon.com/eks/latest/best-practices/identity-and-access-management.html
#     description: EKS Best Practices, Employ least privileged access when creating RoleBindings and ClusterRoleBindings
#   - ref: https://avd.aquasec.com/misconfig/ksv0111
#     description: Trivy KSV-0111
# custom:
#   id: EKS-RBAC-001
#   severity: high
#   mode: enforce
#   input: k8s
#   remediation: >-
#     Bind a role with only the permissions the subject needs (a namespaced Role where
#     possible). Give people cluster-admin through a break-glass IAM role mapped by an access
#     entry, not through a standing binding; list deliberate exceptions under
#     `rbac.cluster-admin-subjects` (e.g. `ServiceAccount/argocd/argocd-application-controller`).
#   fix:
#     before: |
#       roleRef: {kind: ClusterRole, name: cluster-admin}
#     after: |
#       roleRef: {kind: ClusterRole, name: view}
#   compliance:
#     cis-eks: ["4.1.1"]
#     eks-bp: ["iam"]
#   tags: [rbac, identity]
package eks.rules.rbac.cluster_admin

import data.eks.lib.rbac
import data.eks.lib.result

deny contains result.new("EKS-RBAC-001", s.doc, ["subjects", s.index], msg) if {
	some s in rbac.subjects
	s.role_ref.kind == "ClusterRole"
	s.role_ref.name == "cluster-admin"
	not _system_masters(s.subject)
	ref := rbac.subject_ref(s)
	not rbac.allowed(ref, object.get(input.context, ["rbac", "cluster_admin_subjects"], []))
	msg := sprintf(`%s "%s" binds %s to cluster-admin: full control of every object in the cluster`, [s.doc.kind, s.doc.name, ref])
}

_system_masters(subject) if {
	subject.kind == "Group"
	subject.name == "system:masters"
}
