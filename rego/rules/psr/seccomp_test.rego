package eks.rules.psr.seccomp_test

import data.eks.rules.psr.seccomp as rule
import data.eks.test.pss as t

_at(version, spec) := findings if {
	findings := rule.deny with input as t.at("restricted", version, [t.pod(spec)])
}

test_pod_level_covers_unset_containers if {
	count(_at("latest", {"securityContext": {"seccompProfile": {"type": "RuntimeDefault"}}, "containers": [{"name": "a"}]})) == 0
	count(_at("latest", {"containers": [{"name": "a", "securityContext": {"seccompProfile": {"type": "Localhost", "localhostProfile": "x"}}}]})) == 0
}

test_unset_everywhere_fails_per_container if {
	findings := _at("latest", {"initContainers": [{"name": "i"}], "containers": [{"name": "a"}]})
	t.paths(findings) == {["spec", "initContainers", 0, "securityContext", "seccompProfile", "type"], ["spec", "containers", 0, "securityContext", "seccompProfile", "type"]}
	`violates PodSecurity "restricted:latest": seccompProfile (pod or container "a" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost")` in t.messages(findings)
}

test_invalid_types if {
	findings := _at("latest", {"securityContext": {"seccompProfile": {"type": "Unconfined"}}, "containers": [{"name": "a", "securityContext": {"seccompProfile": {"type": "RuntimeDefault"}}}, {"name": "b"}]})
	t.messages(findings) == {
		`violates PodSecurity "restricted:latest": seccompProfile (pod must not set securityContext.seccompProfile.type to "Unconfined")`,
		`violates PodSecurity "restricted:latest": seccompProfile (pod or container "b" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost")`,
	}
}

test_versions_and_windows if {
	spec := {"containers": [{"name": "a"}]}
	count(_at("v1.18", spec)) == 0
	count(_at("v1.19", spec)) == 1
	windows := {"os": {"name": "windows"}, "containers": [{"name": "a"}]}
	count(_at("v1.24", windows)) == 1
	count(_at("v1.25", windows)) == 0
}
