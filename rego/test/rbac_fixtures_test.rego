# METADATA
# title: RBAC test fixtures
# description: Builders for Roles, ClusterRoles and bindings shared by the RBAC rule tests.
package eks.test.rbac

# METADATA
# title: ClusterRole
# description: A ClusterRole with these rules.
cluster_role(name, rules) := {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRole", "metadata": {"name": name}, "rules": rules}

# METADATA
# title: Role
# description: A Role in a namespace with these rules.
role(ns, name, rules) := {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "Role", "metadata": {"name": name, "namespace": ns}, "rules": rules}

# METADATA
# title: Rule
# description: A PolicyRule.
rule(groups, resources, verbs) := {"apiGroups": groups, "resources": resources, "verbs": verbs}

# METADATA
# title: ClusterRoleBinding
# description: A ClusterRoleBinding of a ClusterRole to subjects.
cluster_binding(name, role_name, subjects) := {
	"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRoleBinding", "metadata": {"name": name},
	"roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": role_name},
	"subjects": subjects,
}

# METADATA
# title: RoleBinding
# description: A RoleBinding in a namespace.
binding(ns, name, role_kind, role_name, subjects) := {
	"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "RoleBinding", "metadata": {"name": name, "namespace": ns},
	"roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": role_kind, "name": role_name},
	"subjects": subjects,
}

# METADATA
# title: Findings' paths by document
# description: The [doc, path] pairs of a findings set.
at(findings) := {[f.doc, f.path] | some f in findings}
