package eks.rules.rbac.small_rules_test

import data.eks.rules.rbac.exec_attach
import data.eks.rules.rbac.nodes_proxy
import data.eks.rules.rbac.pv_create
import data.eks.rules.rbac.token_create
import data.eks.rules.rbac.webhooks
import data.eks.test.fixtures
import data.eks.test.rbac

test_pv_create if {
	objs := [
		rbac.cluster_role("a", [rbac.rule([""], ["persistentvolumes"], ["create"]), rbac.rule([""], ["persistentvolumes"], ["get"])]),
		rbac.cluster_role("b", [rbac.rule([""], ["persistentvolumeclaims"], ["create"])]),
	]
	findings := pv_create.deny with input as fixtures.input_of(objs)
	rbac.at(findings) == {[0, ["rules", 0, "resources", 0]]}
	[f.rule | some f in findings] == ["EKS-RBAC-006"]
}

test_nodes_proxy_including_wildcards if {
	objs := [
		rbac.cluster_role("a", [rbac.rule([""], ["nodes/proxy"], ["get"])]),
		rbac.cluster_role("b", [rbac.rule([""], ["nodes", "*/proxy"], ["get"])]),
		rbac.cluster_role("c", [rbac.rule([""], ["*"], ["list"])]),
		rbac.cluster_role("d", [rbac.rule([""], ["nodes", "nodes/metrics", "nodes/stats"], ["get"])]),
	]
	findings := nodes_proxy.deny with input as fixtures.input_of(objs)
	rbac.at(findings) == {[0, ["rules", 0, "resources", 0]], [1, ["rules", 0, "resources", 1]], [2, ["rules", 0, "resources", 0]]}
}

test_webhooks if {
	g := "admissionregistration.k8s.io"
	objs := [
		rbac.cluster_role("a", [rbac.rule([g], ["validatingwebhookconfigurations", "mutatingwebhookconfigurations"], ["get", "patch"])]),
		rbac.cluster_role("own-ca", [object.union(rbac.rule([g], ["mutatingwebhookconfigurations"], ["get", "update", "patch"]), {"resourceNames": ["my-webhook"]})]),
		rbac.cluster_role("named-delete", [object.union(rbac.rule([g], ["mutatingwebhookconfigurations"], ["delete"]), {"resourceNames": ["x"]})]),
		rbac.cluster_role("reader", [rbac.rule([g], ["*"], ["get", "list"])]),
	]
	findings := webhooks.deny with input as fixtures.input_of(objs)
	rbac.at(findings) == {[0, ["rules", 0, "resources", 1]], [2, ["rules", 0, "resources", 0]]}
	some f in findings
	f.doc == 0
	f.message == `ClusterRole "a" rules[0] grants patch on mutatingwebhookconfigurations, validatingwebhookconfigurations: it can switch off or rewrite admission control`
}

test_token_create if {
	objs := [
		rbac.role("ns", "a", [rbac.rule([""], ["serviceaccounts/token"], ["create"])]),
		rbac.role("ns", "b", [rbac.rule([""], ["serviceaccounts"], ["create"])]),
	]
	rbac.at(token_create.deny) == {[0, ["rules", 0, "resources", 0]]} with input as fixtures.input_of(objs)
}

test_exec_attach_and_allow_list if {
	objs := [
		rbac.role("ns", "debug", [rbac.rule([""], ["pods/exec", "pods/attach"], ["create"])]),
		rbac.role("ns", "ws", [rbac.rule([""], ["pods/exec"], ["get"])]),
		rbac.role("ns", "logs", [rbac.rule([""], ["pods/log", "pods"], ["get"])]),
	]
	findings := exec_attach.deny with input as fixtures.input_of(objs)
	rbac.at(findings) == {[0, ["rules", 0, "resources", 1]], [1, ["rules", 0, "resources", 0]]}
	ctx := object.union(fixtures.default_context, {"rbac": {"exec_roles": ["Role/ns/debug"]}})
	rbac.at(exec_attach.deny) == {[1, ["rules", 0, "resources", 0]]} with input as fixtures.input_with(objs, ctx)
}
