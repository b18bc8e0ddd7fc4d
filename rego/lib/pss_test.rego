package eks.lib.pss_test

import data.eks.lib.pss
import data.eks.test.fixtures
import data.eks.test.pss as t

test_checks_per_version if {
	# restricted overrides hostPathVolumes at every version, the others from their own version
	c10 := pss.policy_checks("restricted", 10)
	not c10.hostPathVolumes
	c10.capabilities_baseline == 0
	c10.seccompProfile_baseline == 0
	c10.allowPrivilegeEscalation == 8
	c10.procMount == 0

	c18 := pss.policy_checks("restricted", 18)
	c18.seccompProfile_baseline == 0
	not c18.seccompProfile_restricted

	c19 := pss.policy_checks("restricted", 19)
	not c19.seccompProfile_baseline
	c19.seccompProfile_restricted == 19

	c22 := pss.policy_checks("restricted", 22)
	not c22.capabilities_baseline
	c22.capabilities_restricted == 22
	not c22.runAsUser

	c35 := pss.policy_checks("restricted", 35)
	not c35.procMount
	c35.procMount_restricted == 35
	c35.runAsUser == 35
	c35.sysctls == 32
	c35.hostProbesAndHostLifecycle == 34
}

test_below_a_minimum_the_check_does_not_exist if {
	not pss.policy_checks("restricted", 7).allowPrivilegeEscalation
	pss.policy_checks("restricted", 8).allowPrivilegeEscalation == 8
	not pss.policy_checks("baseline", 33).hostProbesAndHostLifecycle
	pss.policy_checks("baseline", 34).hostProbesAndHostLifecycle == 34
	not pss.policy_checks("baseline", 35).allowPrivilegeEscalation
	pss.policy_checks("baseline", 35).procMount == 35
	count(pss.policy_checks("baseline", 35)) == 12
	count(pss.policy_checks("restricted", 35)) == 15
}

test_revision_is_the_highest_not_above if {
	pss.revision("sysctls", 26) == 0
	pss.revision("sysctls", 27) == 27
	pss.revision("sysctls", 31) == 29
	pss.revision("sysctls", 99) == 32
	pss.revision("seLinuxOptions", 30) == 0
	pss.revision("seLinuxOptions", 31) == 31
	not pss.revision("runAsUser", 22)
}

test_latest_is_the_registry_max_and_pins_are_clamped if {
	pss.version_number("latest") == 35
	pss.version_number("v1.40") == 35
	pss.version_number("v1.35") == 35
	pss.version_number("v1.0") == 0
	pss.version_number("v1.24") == 24
}

test_cluster_version_lowers_the_max if {
	ctx := json.patch(fixtures.default_context, [{"op": "replace", "path": "/cluster/version", "value": "1.33"}])
	pss.version_number("latest") == 33 with input as {"documents": [], "context": ctx}
	pss.version_number("v1.34") == 33 with input as {"documents": [], "context": ctx}
	pss.version_number("v1.30") == 30 with input as {"documents": [], "context": ctx}
}

test_version_label_parsing if {
	pss.valid_version("latest")
	pss.valid_version("v1.0")
	pss.valid_version("v1.25")
	not pss.valid_version("1.25")
	not pss.valid_version("v1.025")
	not pss.valid_version("v1.25.0")
	not pss.valid_version("v2.1")
	not pss.valid_version(1.25)
	not pss.valid_version("Latest")
}

test_level_fallbacks if {
	pss.parse_level("baseline", "enforce") == "baseline"
	pss.parse_level("Baseline", "enforce") == "restricted"
	pss.parse_level("Baseline", "warn") == "privileged"
	pss.parse_level("", "audit") == "privileged"
	pss.parse_level(null, "enforce") == "restricted"
}

_labelled(labels) := fixtures.input_of([fixtures.namespace("ns", labels)])

test_namespace_resolution if {
	inp := _labelled({
		"pod-security.kubernetes.io/enforce": "nope",
		"pod-security.kubernetes.io/enforce-version": "1.25",
		"pod-security.kubernetes.io/warn": "nope",
		"pod-security.kubernetes.io/audit-version": "v1.30",
	})
	pss.level("ns", "enforce") == "restricted" with input as inp
	pss.version("ns", "enforce") == "latest" with input as inp
	pss.level("ns", "warn") == "privileged" with input as inp
	pss.version("ns", "warn") == "latest" with input as inp

	# no audit level label: the configured default level, with the label's version
	pss.level("ns", "audit") == "restricted" with input as inp
	pss.version("ns", "audit") == "v1.30" with input as inp
}

test_unlabelled_namespaces_use_the_configured_defaults if {
	inp := fixtures.input_of([])
	pss.level("other", "enforce") == "baseline" with input as inp
	pss.level("other", "warn") == "restricted" with input as inp
	pss.version("other", "warn") == "latest" with input as inp
}

test_policies_strictest_first_and_privileged_dropped if {
	pod := t.pod({"containers": []})
	inp := fixtures.input_of([
		fixtures.namespace("default", {
			"pod-security.kubernetes.io/enforce": "privileged",
			"pod-security.kubernetes.io/warn": "baseline",
			"pod-security.kubernetes.io/warn-version": "v1.20",
			"pod-security.kubernetes.io/audit": "restricted",
		}),
		pod,
	])
	some carrier in data.eks.lib.k8s.pods with input as inp
	ps := pss.policies(carrier) with input as inp
	[[p.mode, p.rank, p.policy, p.version] | some p in ps] == [["warn", 1, "baseline:v1.20", 20], ["audit", 2, "restricted:latest", 35]]
}

test_exempt_runtime_class if {
	pod := t.pod({"runtimeClassName": "kata", "containers": []})
	ctx := json.patch(fixtures.default_context, [{"op": "replace", "path": "/pss/exempt_runtime_classes", "value": ["kata"]}])
	inp := fixtures.input_with([pod], ctx)
	some carrier in data.eks.lib.k8s.pods with input as inp
	pss.policies(carrier) == [] with input as inp
}

test_strictest_hit_wins if {
	doc := {"id": 3}
	hits := {
		{"doc": doc, "path": ["a"], "rank": 2, "mode": "audit", "message": "m2"},
		{"doc": doc, "path": ["a"], "rank": 1, "mode": "warn", "message": "m1"},
	}
	pss.strictest("EKS-X-001", hits) == {"rule": "EKS-X-001", "doc": 3, "path": ["a"], "message": "m1", "mode": "warn"}
}

test_strictest_of_one_hit_is_it if {
	hit := {"doc": {"id": 4}, "path": ["b", 0], "rank": 2, "mode": "audit", "message": "m"}
	pss.strictest("EKS-X-002", {hit}) == {"rule": "EKS-X-002", "doc": 4, "path": ["b", 0], "message": "m", "mode": "audit"}
}

test_strictest_of_no_hit_is_undefined if {
	not pss.strictest("EKS-X-003", set())
}

_pod_in(ns) := {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p", "namespace": ns}, "spec": t.restricted_spec}

test_namespaces_labelled_alike_share_one_profile if {
	inp := fixtures.input_of([
		fixtures.namespace("a", t.enforce_only("restricted", "latest")),
		fixtures.namespace("b", t.enforce_only("restricted", "latest")),
		fixtures.namespace("c", t.enforce_only("baseline", "v1.30")),
		_pod_in("a"), _pod_in("b"), _pod_in("c"), _pod_in("unlabelled"),
	])
	profiles := pss.computed_namespace_profiles with input as inp
	profiles.a == profiles.b
	profiles.a != profiles.c
	count({k | some k in profiles}) == 3
	policies := pss.computed_profile_policies with input as inp
	count(policies) == 3
	[p.policy | some p in policies[profiles.a]] == ["restricted:latest"]
	[p.policy | some p in policies[profiles.c]] == ["baseline:v1.30"]

	# Every pod still gets its own namespace's policies and runs.
	pods := {pod.doc.namespace: pod | some pod in data.eks.lib.k8s.pods} with input as inp
	[p.policy | some p in pss.policies(pods.b)] == ["restricted:latest"] with input as inp
	[r.policy | some r in pss.runs(pods.c, "privileged")] == ["baseline:v1.30"] with input as inp
}
