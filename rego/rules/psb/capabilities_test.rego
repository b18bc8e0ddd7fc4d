package eks.rules.psb.capabilities_test

import data.eks.rules.psb.capabilities
import data.eks.rules.psr.capabilities as restricted
import data.eks.test.fixtures
import data.eks.test.pss as t

_add(caps) := {"containers": [{"name": "app", "securityContext": {"capabilities": {"add": caps}}}]}

test_non_default_capabilities_fail_exactly if {
	findings := capabilities.deny with input as t.at("baseline", "latest", [t.pod(_add(["CHOWN", "NET_RAW", "CAP_CHOWN", "chown", "SYS_ADMIN"]))])
	t.paths(findings) == {["spec", "containers", 0, "securityContext", "capabilities", "add", i] | some i in [1, 2, 3, 4]}
	`violates PodSecurity "baseline:latest": non-default capabilities (container "app" must not include "NET_RAW" in securityContext.capabilities.add)` in t.messages(findings)
}

test_the_default_set_passes if {
	all := ["AUDIT_WRITE", "CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID", "KILL", "MKNOD", "NET_BIND_SERVICE", "SETFCAP", "SETGID", "SETPCAP", "SETUID", "SYS_CHROOT"]
	count(capabilities.deny) == 0 with input as t.at("baseline", "v1.0", [t.pod(_add(all))])
}

test_all_container_lists_and_carriers if {
	spec := {
		"initContainers": [{"name": "i", "securityContext": {"capabilities": {"add": ["NET_ADMIN"]}}}],
		"containers": [{"name": "c"}],
		"ephemeralContainers": [{"name": "e", "securityContext": {"capabilities": {"add": ["SYS_PTRACE"]}}}],
	}
	every c in fixtures.carriers(spec) {
		findings := capabilities.deny with input as fixtures.input_of([c.object])
		t.paths(findings) == {
			array.concat(c.spec_path, ["initContainers", 0, "securityContext", "capabilities", "add", 0]),
			array.concat(c.spec_path, ["ephemeralContainers", 0, "securityContext", "capabilities", "add", 0]),
		}
	}
}

test_restricted_runs_it_below_v1_22_only if {
	pod := t.pod(object.union(t.restricted_spec, {"containers": [{"name": "app", "securityContext": {"allowPrivilegeEscalation": false, "capabilities": {"drop": ["ALL"], "add": ["NET_RAW"]}}}]}))
	t.messages(capabilities.deny) == {`violates PodSecurity "restricted:v1.21": non-default capabilities (container "app" must not include "NET_RAW" in securityContext.capabilities.add)`} with input as t.at("restricted", "v1.21", [pod])
	count(capabilities.deny) == 0 with input as t.at("restricted", "v1.22", [pod])
	count(restricted.deny) == 1 with input as t.at("restricted", "v1.22", [pod])
}

test_one_finding_per_entry_when_both_checks_see_it if {
	# enforce baseline (default), warn restricted: the added NET_RAW is a baseline enforce
	# finding; restricted keeps only what baseline does not report (the missing drop ALL).
	pod := t.pod(_add(["NET_RAW"]))
	inp := fixtures.input_of([pod])
	[f.mode | some f in capabilities.deny] == ["enforce"] with input as inp
	t.paths(restricted.deny) == {["spec", "containers", 0, "securityContext", "capabilities", "drop"]} with input as inp
}

test_restricted_wins_when_stricter if {
	# enforce restricted, warn baseline: the restricted check owns the entry.
	pod := t.pod(_add(["NET_RAW"]))
	ns := fixtures.namespace("default", {"pod-security.kubernetes.io/enforce": "restricted", "pod-security.kubernetes.io/warn": "baseline", "pod-security.kubernetes.io/audit": "privileged"})
	inp := fixtures.input_of([ns, pod])
	count(capabilities.deny) == 0 with input as inp
	["enforce"] == [f.mode | some f in restricted.deny; f.path[5] == "add"] with input as inp
}

test_ill_typed if {
	pods := [t.pod({"containers": [{"name": "a", "securityContext": {"capabilities": "x"}}, {"name": "b", "securityContext": {"capabilities": {"add": "NET_RAW"}}}]})]
	count(capabilities.deny) == 0 with input as fixtures.input_of(pods)
}
