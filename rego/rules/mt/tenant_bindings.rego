# METADATA
# title: Tenants are bound only by namespaced RoleBindings
# description: >-
#   A ClusterRoleBinding grants its role in every namespace, so a tenant principal bound by
#   one reaches the other tenants. Tenant principals are the ServiceAccounts of tenant
#   namespaces and the users, groups and service accounts matching config tenants.principals
#   (globs over the subject name; service accounts as system:serviceaccount:<ns>:<name>).
# related_resources:
#   - ref: https://docs.aws.amazon.com/eks/latest/best-practices/tenant-isolation.html
#     description: EKS Best Practices, Multi-tenancy, Role-based access control
# custom:
#   id: EKS-MT-004
#   severity: medium
#   mode: enforce
#   input: k8s
#   remediation: >-
#     Replace the ClusterRoleBinding with a RoleBinding in the tenant's own namespace (it may
#     still reference a ClusterRole).
#   fix:
#     before: |
#       kind: ClusterRoleBinding
#       subjects:
#         - kind: Group
#           name: tenant-a-devs
#     after: |
#       kind: RoleBinding
#       metadata:
#         namespace: tenant-a
#       subjects:
#         - kind: Group
#           name: tenant-a-devs
#   compliance:
#     eks-bp: ["multitenancy"]
#   tags: [multi-tenancy, rbac]
package eks.rules.mt.tenant_bindings

import data.eks.lib.k8s
import data.eks.lib.netpol
import data.eks.lib.tenants

_bindings contains doc if {
	some doc in k8s.of_kind("ClusterRoleBinding")
	doc.source != "terraform"
	k8s.group(doc.apiVersion) == "rbac.authorization.k8s.io"
}

_full_name(s) := concat(":", ["system:serviceaccount", s.namespace, s.name]) if {
	s.kind == "ServiceAccount"
	is_string(s.namespace)
	is_string(s.name)
} else := s.name if is_string(s.name)

_tenant_principal(s) := sprintf("a service account of tenant namespace %s", [s.namespace]) if {
	s.kind == "ServiceAccount"
	tenants.namespaces[s.namespace]
} else := sprintf("matches tenant principal pattern %s", [min(matched)]) if {
	name := _full_name(s)
	matched := {p | some p in tenants.principal_patterns; glob.match(p, null, name)}
	count(matched) > 0 # several patterns may match: one message names the first
}

deny contains netpol.finding("EKS-MT-004", doc, ["subjects", i], msg, {}) if {
	some doc in _bindings
	some i, s in netpol.as_list(doc.object.subjects)
	is_object(s)
	why := _tenant_principal(s)
	msg := sprintf("ClusterRoleBinding %s binds %s %s (%s) cluster-wide: bind tenants with a RoleBinding in their own namespace", [doc.name, s.kind, _full_name(s), why])
}
