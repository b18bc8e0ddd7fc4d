package eks.rules.pod.privilege_escalation_test

import data.eks.rules.pod.privilege_escalation as rule
import data.eks.test.fixtures
import data.eks.test.pss as t

_spec := {"initContainers": [{"name": "i", "securityContext": {"allowPrivilegeEscalation": true}}], "containers": [{"name": "c", "securityContext": {"allowPrivilegeEscalation": false}}]}

test_applies_where_restricted_is_not_enforced if {
	every c in fixtures.carriers(_spec) {
		t.paths(rule.deny) == {array.concat(c.spec_path, ["initContainers", 0, "securityContext", "allowPrivilegeEscalation"])} with input as fixtures.input_of([c.object])
	}
	count(rule.deny) == 0 with input as t.at("restricted", "latest", [t.pod(_spec)])
	count(rule.deny) == 1 with input as t.at("baseline", "latest", [t.pod(_spec)])
}

test_windows_exempt if {
	count(rule.deny) == 0 with input as fixtures.input_of([t.pod(object.union(_spec, {"os": {"name": "windows"}}))])
}
