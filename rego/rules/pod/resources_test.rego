package eks.rules.pod.resources_test

import data.eks.rules.pod.resources as rule
import data.eks.test.fixtures
import data.eks.test.pss as t

_full := {"requests": {"cpu": "100m", "memory": "64Mi"}, "limits": {"memory": "128Mi"}}

test_requirements_per_list if {
	spec := {
		"initContainers": [{"name": "i", "resources": {"limits": {"cpu": "1"}}}],
		"containers": [{"name": "ok", "resources": _full}, {"name": "bare"}],
		"ephemeralContainers": [{"name": "e"}],
	}
	every c in fixtures.carriers(spec) {
		t.paths(rule.deny) == {array.concat(c.spec_path, p) | some p in [
			["initContainers", 0, "resources", "requests", "memory"],
			["containers", 1, "resources", "requests", "cpu"],
			["containers", 1, "resources", "requests", "memory"],
			["containers", 1, "resources", "limits", "memory"],
		]} with input as fixtures.input_of([c.object])
	}
}

test_limits_default_the_requests if {
	count(rule.deny) == 0 with input as fixtures.input_of([t.pod({"containers": [{"name": "c", "resources": {"limits": {"cpu": "1", "memory": "1Gi"}}}]})])
}

test_message if {
	t.messages(rule.deny) == {`container "c" sets no memory limit (resources.limits.memory)`} with input as fixtures.input_of([t.pod({"containers": [{"name": "c", "resources": {"requests": {"cpu": "1", "memory": "1Gi"}}}]})])
}
