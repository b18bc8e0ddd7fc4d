package eks.rules.rbac.escalation_test

import data.eks.rules.rbac.escalation
import data.eks.test.fixtures
import data.eks.test.rbac

_g := "rbac.authorization.k8s.io"

test_escalation_paths if {
	objs := [
		rbac.cluster_role("binder", [rbac.rule([_g], ["clusterroles"], ["bind", "escalate"])]),
		rbac.cluster_role("impersonator", [rbac.rule([""], ["users", "groups"], ["impersonate"])]),
		rbac.role("ns", "rbac-admin", [rbac.rule([_g], ["rolebindings"], ["create", "get"])]),
		rbac.role("ns", "reader", [rbac.rule([_g], ["rolebindings", "roles"], ["get", "list", "watch"])]),
		rbac.cluster_role("misplaced", [rbac.rule([""], ["configmaps"], ["bind"])]),
	]
	findings := escalation.deny with input as fixtures.input_of(objs)
	rbac.at(findings) == {[0, ["rules", 0, "resources", 0]], [1, ["rules", 0, "resources", 1]], [2, ["rules", 0, "resources", 0]]}
	{f.message | some f in findings} == {
		`ClusterRole "binder" rules[0] grants bind clusterroles, escalate clusterroles: a subject bound to it can grant itself more permissions`,
		`ClusterRole "impersonator" rules[0] grants impersonate groups, impersonate users: a subject bound to it can grant itself more permissions`,
		`Role "ns/rbac-admin" rules[0] grants create rolebindings: a subject bound to it can grant itself more permissions`,
	}
}
