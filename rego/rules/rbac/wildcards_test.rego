package eks.rules.rbac.wildcards_test

import data.eks.rules.rbac.wildcards
import data.eks.test.fixtures
import data.eks.test.rbac

test_wildcards_and_severity if {
	objs := [
		rbac.cluster_role("god", [rbac.rule(["*"], ["*"], ["*"])]),
		rbac.role("ns", "deployer", [
			rbac.rule(["apps"], ["deployments"], ["get", "list"]),
			rbac.rule(["apps"], ["deployments", "*"], ["get"]),
			rbac.rule(["*"], ["configmaps"], ["get"]),
		]),
		rbac.cluster_role("scale", [rbac.rule(["apps"], ["*/scale"], ["get"])]),
	]
	findings := wildcards.deny with input as fixtures.input_of(objs)
	{[f.doc, f.path, f.severity] | some f in findings} == {
		[0, ["rules", 0, "verbs", 0], "critical"],
		[1, ["rules", 1, "resources", 1], "high"],
		[1, ["rules", 2, "apiGroups", 0], "high"],
	}
	some f in findings
	f.doc == 0
	f.message == `ClusterRole "god" rules[0] uses "*" in verbs, resources, apiGroups: it grants everything that exists, and everything added later`
}

test_builtin_roles_are_skipped if {
	objs := [
		rbac.cluster_role("system:controller:foo", [rbac.rule(["*"], ["*"], ["*"])]),
		rbac.cluster_role("eks:addon", [rbac.rule(["*"], ["*"], ["*"])]),
		object.union(rbac.cluster_role("cluster-admin", [rbac.rule(["*"], ["*"], ["*"])]), {"metadata": {"labels": {"kubernetes.io/bootstrapping": "rbac-defaults"}}}),
	]
	count(wildcards.deny) == 0 with input as fixtures.input_of(objs)
}

test_aggregated_cluster_role if {
	source := object.union(rbac.cluster_role("extra", [rbac.rule(["*"], ["*"], ["*"])]), {"metadata": {"labels": {"aggregate-to-ops": "true"}}})
	other := object.union(rbac.cluster_role("other", [rbac.rule(["*"], ["*"], ["*"])]), {"metadata": {"labels": {"aggregate-to-ops": "false"}}})
	ops := object.union(rbac.cluster_role("ops", []), {"aggregationRule": {"clusterRoleSelectors": [{"matchLabels": {"aggregate-to-ops": "true"}}]}})
	findings := wildcards.deny with input as fixtures.input_of([source, other, ops])
	rbac.at(findings) == {[0, ["rules", 0, "verbs", 0]], [1, ["rules", 0, "verbs", 0]], [2, ["aggregationRule"]]}
	some f in findings
	f.doc == 2
	f.message == `ClusterRole "ops" (aggregated from ClusterRole "extra") uses "*" in verbs, resources, apiGroups: it grants everything that exists, and everything added later`
}

test_aggregation_with_match_expressions if {
	source := object.union(rbac.cluster_role("extra", [rbac.rule([""], ["*"], ["get"])]), {"metadata": {"labels": {"tier": "ops"}}})
	ops := object.union(rbac.cluster_role("ops", []), {"aggregationRule": {"clusterRoleSelectors": [{"matchExpressions": [{"key": "tier", "operator": "In", "values": ["ops"]}]}]}})
	rbac.at(wildcards.deny) == {[0, ["rules", 0, "resources", 0]], [1, ["aggregationRule"]]} with input as fixtures.input_of([source, ops])
}

test_wrong_types_do_not_error if {
	objs := [
		object.union(rbac.cluster_role("a", []), {"rules": "x"}),
		rbac.cluster_role("b", [7, {"verbs": "*", "resources": ["*"]}, {"verbs": [1, "*"]}]),
		object.union(rbac.cluster_role("c", []), {"aggregationRule": {"clusterRoleSelectors": [7, {"matchLabels": "x"}]}}),
	]
	rbac.at(wildcards.deny) == {[1, ["rules", 1, "resources", 0]], [1, ["rules", 2, "verbs", 1]]} with input as fixtures.input_of(objs)
}
