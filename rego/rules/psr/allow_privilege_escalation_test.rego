package eks.rules.psr.allow_privilege_escalation_test

import data.eks.rules.psr.allow_privilege_escalation as ape
import data.eks.test.fixtures
import data.eks.test.pss as t

_spec := {
	"initContainers": [{"name": "i", "securityContext": {"allowPrivilegeEscalation": true}}],
	"containers": [{"name": "a"}, {"name": "b", "securityContext": {}}, {"name": "ok", "securityContext": {"allowPrivilegeEscalation": false}}],
	"ephemeralContainers": [{"name": "e", "securityContext": {"allowPrivilegeEscalation": "false"}}],
}

test_explicit_false_required_everywhere if {
	every c in fixtures.carriers(_spec) {
		findings := ape.deny with input as t.at("restricted", "latest", [c.object])
		t.paths(findings) == {array.concat(c.spec_path, p) | some p in [
			["initContainers", 0, "securityContext", "allowPrivilegeEscalation"],
			["containers", 0, "securityContext", "allowPrivilegeEscalation"],
			["containers", 1, "securityContext", "allowPrivilegeEscalation"],
			["ephemeralContainers", 0, "securityContext", "allowPrivilegeEscalation"],
		]}
	}
}

test_message if {
	findings := ape.deny with input as t.at("restricted", "v1.30", [t.pod({"containers": [{"name": "app"}]})])
	t.messages(findings) == {`violates PodSecurity "restricted:v1.30": allowPrivilegeEscalation != false (container "app" must set securityContext.allowPrivilegeEscalation=false)`}
}

test_versions if {
	pod := t.pod({"containers": [{"name": "app"}]})
	count(ape.deny) == 0 with input as t.at("restricted", "v1.7", [pod])
	count(ape.deny) == 1 with input as t.at("restricted", "v1.8", [pod])
}

test_windows_exemption_from_v1_25 if {
	pod := t.pod({"os": {"name": "windows"}, "containers": [{"name": "app"}]})
	count(ape.deny) == 1 with input as t.at("restricted", "v1.24", [pod])
	count(ape.deny) == 0 with input as t.at("restricted", "v1.25", [pod])
	count(ape.deny) == 1 with input as t.at("restricted", "latest", [t.pod({"os": {"name": "linux"}, "containers": [{"name": "app"}]})])
}
