package eks.rules.rbac.cluster_admin_test

import data.eks.rules.rbac.cluster_admin
import data.eks.test.fixtures
import data.eks.test.rbac

_subjects := [
	{"kind": "Group", "name": "system:masters", "apiGroup": "rbac.authorization.k8s.io"},
	{"kind": "ServiceAccount", "name": "deployer", "namespace": "ci"},
	{"kind": "User", "name": "alice@example.com"},
	{"kind": "ServiceAccount", "name": "argocd-application-controller"},
]

test_every_subject_but_system_masters if {
	objs := [
		rbac.cluster_binding("admins", "cluster-admin", _subjects),
		rbac.binding("argocd", "local-admin", "ClusterRole", "cluster-admin", [_subjects[3]]),
		rbac.cluster_binding("viewers", "view", [_subjects[2]]),
		rbac.binding("x", "not-cluster-role", "Role", "cluster-admin", [_subjects[2]]),
	]
	findings := cluster_admin.deny with input as fixtures.input_of(objs)
	rbac.at(findings) == {[0, ["subjects", 1]], [0, ["subjects", 2]], [0, ["subjects", 3]], [1, ["subjects", 0]]}
	{f.message | some f in findings; f.doc == 1} | {f.message | some f in findings; f.path[1] in {1, 2}} == {
		`ClusterRoleBinding "admins" binds ServiceAccount/ci/deployer to cluster-admin: full control of every object in the cluster`,
		`ClusterRoleBinding "admins" binds User/alice@example.com to cluster-admin: full control of every object in the cluster`,
		`RoleBinding "local-admin" binds ServiceAccount/argocd/argocd-application-controller to cluster-admin: full control of every object in the cluster`,
	}
}

test_allow_list_with_globs if {
	ctx := object.union(fixtures.default_context, {"rbac": {"cluster_admin_subjects": ["ServiceAccount/ci/*", "User/alice@example.com"]}})
	findings := cluster_admin.deny with input as fixtures.input_with([rbac.cluster_binding("admins", "cluster-admin", _subjects)], ctx)
	rbac.at(findings) == {[0, ["subjects", 3]]}
}

test_wrong_types_do_not_error if {
	objs := [
		object.union(rbac.cluster_binding("a", "cluster-admin", []), {"subjects": "x"}),
		object.union(rbac.cluster_binding("b", "cluster-admin", [7, {"kind": 3}]), {"roleRef": "x"}),
		rbac.cluster_binding("c", "cluster-admin", [7, {"kind": 3}]),
	]
	rbac.at(cluster_admin.deny) == {[2, ["subjects", 1]]} with input as fixtures.input_of(objs)
}
