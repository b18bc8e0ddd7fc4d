package eks.rules.psb.host_namespaces_test

import data.eks.rules.psb.host_namespaces
import data.eks.test.fixtures

test_every_carrier_and_field if {
	every c in fixtures.carriers({"hostNetwork": true, "hostPID": true, "hostIPC": true, "containers": [{"name": "a"}]}) {
		findings := host_namespaces.deny with input as fixtures.input_of([c.object])
		{f.path | some f in findings} == {array.concat(c.spec_path, [field]) | some field in ["hostNetwork", "hostPID", "hostIPC"]}
		every f in findings {
			f.rule == "EKS-PSB-001"
			f.mode == "enforce"
			startswith(f.message, `violates PodSecurity "baseline:latest": host namespaces (host`)
		}
	}
}

test_false_or_absent_pass if {
	every c in fixtures.carriers({"hostNetwork": false, "hostIPC": false, "containers": [{"name": "a"}]}) {
		count(host_namespaces.deny) == 0 with input as fixtures.input_of([c.object])
	}
}

test_string_true_is_not_true if {
	# "true" as a string is a type error the API server rejects; PSA never sees it as true.
	pod := fixtures.carriers({"hostNetwork": "true", "containers": []}).Pod.object
	count(host_namespaces.deny) == 0 with input as fixtures.input_of([pod])
}

test_workload_metadata_is_ignored if {
	# A Deployment's own hostNetwork-like fields outside the template are not a pod spec.
	d := {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "x"}, "spec": {"hostNetwork": true, "template": {"spec": {"containers": []}}}}
	count(host_namespaces.deny) == 0 with input as fixtures.input_of([d])
}

test_privileged_namespace_allows if {
	pod := fixtures.carriers({"hostNetwork": true, "containers": []}).Pod.object
	ns := fixtures.namespace("default", {
		"pod-security.kubernetes.io/enforce": "privileged",
		"pod-security.kubernetes.io/warn": "privileged",
		"pod-security.kubernetes.io/audit": "privileged",
	})
	count(host_namespaces.deny) == 0 with input as fixtures.input_of([ns, pod])
}

test_warn_only_namespace_gives_warn_mode if {
	pod := fixtures.carriers({"hostPID": true, "containers": []}).Pod.object
	ns := fixtures.namespace("default", {
		"pod-security.kubernetes.io/enforce": "privileged",
		"pod-security.kubernetes.io/warn": "baseline",
		"pod-security.kubernetes.io/warn-version": "v1.30",
		"pod-security.kubernetes.io/audit": "privileged",
	})
	findings := host_namespaces.deny with input as fixtures.input_of([ns, pod])
	[f.mode | some f in findings] == ["warn"]
	[f.message | some f in findings] == [`violates PodSecurity "baseline:v1.30": host namespaces (hostPID=true)`]
}

test_invalid_enforce_level_becomes_restricted if {
	pod := fixtures.carriers({"hostIPC": true, "containers": []}).Pod.object
	ns := fixtures.namespace("default", {"pod-security.kubernetes.io/enforce": "Baseline", "pod-security.kubernetes.io/enforce-version": "1.25"})
	findings := host_namespaces.deny with input as fixtures.input_of([ns, pod])
	[f.message | some f in findings] == [`violates PodSecurity "restricted:latest": host namespaces (hostIPC=true)`]
}

test_exempt_namespace if {
	pod := fixtures.carriers({"hostNetwork": true, "containers": []}).Pod.object
	ctx := json.patch(fixtures.default_context, [{"op": "replace", "path": "/pss/exempt_namespaces", "value": ["default"]}])
	count(host_namespaces.deny) == 0 with input as fixtures.input_with([pod], ctx)
}
