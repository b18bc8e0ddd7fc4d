package eks.rules.rbac.subjects_rules_test

import data.eks.rules.rbac.anonymous
import data.eks.rules.rbac.aws_auth_write
import data.eks.rules.rbac.system_masters
import data.eks.test.fixtures
import data.eks.test.rbac

test_anonymous_bindings if {
	anon := {"kind": "User", "name": "system:anonymous"}
	unauth := {"kind": "Group", "name": "system:unauthenticated"}
	objs := [
		rbac.cluster_binding("public", "system:public-info-viewer", [unauth]),
		rbac.cluster_binding("oops", "view", [{"kind": "Group", "name": "devs"}, anon]),
		rbac.binding("ns", "oops2", "Role", "reader", [unauth]),
		rbac.cluster_binding("not-a-user", "view", [{"kind": "Group", "name": "system:anonymous"}]),
	]
	findings := anonymous.deny with input as fixtures.input_of(objs)
	rbac.at(findings) == {[1, ["subjects", 1]], [2, ["subjects", 0]]}
	some f in findings
	f.doc == 1
	f.message == `ClusterRoleBinding "oops" grants ClusterRole "view" to system:anonymous: anyone who reaches the API endpoint gets it without credentials`
}

test_aws_auth_write if {
	objs := [
		rbac.cluster_role("cm-writer", [rbac.rule([""], ["configmaps"], ["update"])]),
		rbac.role("kube-system", "named", [object.union(rbac.rule([""], ["configmaps"], ["patch"]), {"resourceNames": ["aws-auth"]})]),
		rbac.role("kube-system", "other", [object.union(rbac.rule([""], ["configmaps"], ["patch"]), {"resourceNames": ["coredns"]})]),
		rbac.role("app", "leader-election", [rbac.rule([""], ["configmaps"], ["create", "update"])]),
		rbac.cluster_role("reader", [rbac.rule([""], ["configmaps"], ["get", "list"])]),
		rbac.cluster_role("empty-names", [object.union(rbac.rule([""], ["*"], ["delete"]), {"resourceNames": []})]),
	]
	findings := aws_auth_write.deny with input as fixtures.input_of(objs)
	rbac.at(findings) == {[0, ["rules", 0, "resources", 0]], [1, ["rules", 0, "resources", 0]], [5, ["rules", 0, "resources", 0]]}
	some f in findings
	f.doc == 0
	f.message == `ClusterRole "cm-writer" rules[0] grants update on configmaps, which covers kube-system/aws-auth: it can map any IAM principal to system:masters`
}

test_system_masters_bindings if {
	masters := {"kind": "Group", "name": "system:masters"}
	objs := [
		rbac.cluster_binding("my-admins", "view", [masters]),
		object.union(rbac.cluster_binding("cluster-admin", "cluster-admin", [masters]), {"metadata": {"labels": {"kubernetes.io/bootstrapping": "rbac-defaults"}}}),
		rbac.cluster_binding("users", "view", [{"kind": "User", "name": "system:masters"}]),
	]
	findings := system_masters.deny with input as fixtures.input_of(objs)
	rbac.at(findings) == {[0, ["subjects", 0]]}
	[f.rule | some f in findings] == ["EKS-RBAC-013"]
}
