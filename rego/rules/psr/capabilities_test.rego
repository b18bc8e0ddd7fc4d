package eks.rules.psr.capabilities_test

import data.eks.rules.psr.capabilities as rule
import data.eks.test.pss as t

_at(version, spec) := findings if {
	findings := rule.deny with input as t.at("restricted", version, [t.pod(spec)])
}

test_drop_all_exactly if {
	spec := {"containers": [
		{"name": "none"},
		{"name": "lower", "securityContext": {"capabilities": {"drop": ["all"]}}},
		{"name": "ok", "securityContext": {"capabilities": {"drop": ["NET_RAW", "ALL"], "add": ["NET_BIND_SERVICE"]}}},
		{"name": "adds", "securityContext": {"capabilities": {"drop": ["ALL"], "add": ["CHOWN", "NET_BIND_SERVICE"]}}},
	]}
	findings := _at("latest", spec)
	t.paths(findings) == {
		["spec", "containers", 0, "securityContext", "capabilities", "drop"],
		["spec", "containers", 1, "securityContext", "capabilities", "drop"],
		["spec", "containers", 3, "securityContext", "capabilities", "add", 0],
	}
	`violates PodSecurity "restricted:latest": unrestricted capabilities (container "none" must set securityContext.capabilities.drop=["ALL"])` in t.messages(findings)
	`violates PodSecurity "restricted:latest": unrestricted capabilities (container "adds" must not include "CHOWN" in securityContext.capabilities.add)` in t.messages(findings)
}

test_versions_and_windows if {
	spec := {"initContainers": [{"name": "i"}], "containers": [{"name": "a"}]}
	count(_at("v1.21", spec)) == 0
	count(_at("v1.22", spec)) == 2
	windows := object.union(spec, {"os": {"name": "windows"}})
	count(_at("v1.24", windows)) == 2
	count(_at("v1.25", windows)) == 0
}
