package eks.rules.rt.runtime_test

import data.eks.rules.rt.capabilities
import data.eks.rules.rt.drop_net_raw
import data.eks.rules.rt.seccomp
import data.eks.test.fixtures

test_seccomp_unset_everywhere_is_one_pod_finding if {
	every c in fixtures.carriers({"containers": [{"name": "a"}, {"name": "b", "securityContext": {"seccompProfile": {"type": "RuntimeDefault"}}}], "initContainers": [{"name": "i"}]}) {
		findings := seccomp.deny with input as fixtures.input_of([c.object])
		[f.path | some f in findings] == [array.concat(c.spec_path, ["securityContext", "seccompProfile"])]
		[f.message | some f in findings] == [`no seccomp profile applies to containers "a", "i" (neither the pod nor the container sets securityContext.seccompProfile); set type RuntimeDefault at the pod level`]
	}
}

test_seccomp_invalid_values if {
	pod := fixtures.carriers({
		"securityContext": {"seccompProfile": {"type": "Unconfined"}},
		"containers": [{"name": "a"}, {"name": "b", "securityContext": {"seccompProfile": {}}}, {"name": "c", "securityContext": {"seccompProfile": {"type": "Localhost", "localhostProfile": "p.json"}}}],
	}).Pod.object
	findings := seccomp.deny with input as fixtures.input_of([pod])
	{f.path | some f in findings} == {["spec", "securityContext", "seccompProfile", "type"], ["spec", "containers", 1, "securityContext", "seccompProfile", "type"]}
}

test_seccomp_pod_level_and_windows_pass if {
	objs := [
		fixtures.carriers({"securityContext": {"seccompProfile": {"type": "RuntimeDefault"}}, "containers": [{"name": "a"}]}).Pod.object,
		fixtures.carriers({"os": {"name": "windows"}, "containers": [{"name": "a"}]}).Deployment.object,
	]
	count(seccomp.deny) == 0 with input as fixtures.input_of(objs)
}

test_dangerous_capabilities_normalised if {
	spec := {"containers": [{"name": "a", "securityContext": {"capabilities": {"add": ["NET_BIND_SERVICE", "cap_sys_admin", "NET_RAW", 7]}}}]}
	every c in fixtures.carriers(spec) {
		findings := capabilities.deny with input as fixtures.input_of([c.object])
		{f.path | some f in findings} == {
			array.concat(c.spec_path, ["containers", 0, "securityContext", "capabilities", "add", 1]),
			array.concat(c.spec_path, ["containers", 0, "securityContext", "capabilities", "add", 2]),
		}
	}
}

test_capability_allow_list if {
	ds := object.union(fixtures.carriers({"containers": [{"name": "a", "securityContext": {"capabilities": {"add": ["NET_ADMIN"]}}}]}).DaemonSet.object, {"metadata": {"name": "aws-node", "namespace": "kube-system"}})
	count(capabilities.deny) == 1 with input as fixtures.input_of([ds])
	ctx := object.union(fixtures.default_context, {"runtime": {"capability_workloads": ["DaemonSet/kube-system/aws-node"]}})
	count(capabilities.deny) == 0 with input as fixtures.input_with([ds], ctx)
}

test_net_raw_in_baseline_namespaces_only if {
	spec := {"containers": [
		{"name": "keeps"},
		{"name": "all", "securityContext": {"capabilities": {"drop": ["all"]}}},
		{"name": "raw", "securityContext": {"capabilities": {"drop": ["CAP_NET_RAW"]}}},
		{"name": "other", "securityContext": {"capabilities": {"drop": ["CHOWN"]}}},
	]}
	pod := fixtures.carriers(spec).Pod.object
	findings := drop_net_raw.deny with input as fixtures.input_of([pod])
	{f.path | some f in findings} == {
		["spec", "containers", 0, "securityContext", "capabilities", "drop"],
		["spec", "containers", 3, "securityContext", "capabilities", "drop"],
	}
	privileged := fixtures.namespace("default", {"pod-security.kubernetes.io/enforce": "privileged"})
	count(drop_net_raw.deny) == 0 with input as fixtures.input_of([pod, privileged])
	restricted := fixtures.namespace("default", {"pod-security.kubernetes.io/enforce": "restricted"})
	count(drop_net_raw.deny) == 0 with input as fixtures.input_of([pod, restricted])
}

# The Wasm SDK's sprintf fails on %v of null: any type a document sets is shown as JSON.
test_seccomp_type_of_any_json_type_is_shown if {
	pod := fixtures.carriers({
		"securityContext": {"seccompProfile": {"type": null}},
		"containers": [{"name": "a", "securityContext": {"seccompProfile": {"type": 7}}}, {"name": "b", "securityContext": {"seccompProfile": {"type": "Unconfined"}}}],
	}).Pod.object
	findings := seccomp.deny with input as fixtures.input_of([pod])
	{f.message | some f in findings} == {
		"the pod sets seccompProfile type null; use RuntimeDefault or Localhost",
		`container "a" sets seccompProfile type 7; use RuntimeDefault or Localhost`,
		`container "b" sets seccompProfile type "Unconfined"; use RuntimeDefault or Localhost`,
	}
}
