package eks.rules.pod.read_only_root_test

import data.eks.rules.pod.read_only_root as rule
import data.eks.test.fixtures
import data.eks.test.pss as t

_spec := {
	"initContainers": [{"name": "i", "securityContext": {"readOnlyRootFilesystem": true}}],
	"containers": [{"name": "c"}, {"name": "d", "securityContext": {"readOnlyRootFilesystem": false}}],
}

test_every_container_needs_it if {
	every c in fixtures.carriers(_spec) {
		t.paths(rule.deny) == {
			array.concat(c.spec_path, ["containers", 0, "securityContext", "readOnlyRootFilesystem"]),
			array.concat(c.spec_path, ["containers", 1, "securityContext", "readOnlyRootFilesystem"]),
		} with input as fixtures.input_of([c.object])
	}
}

test_windows_and_system_skipped if {
	count(rule.deny) == 0 with input as fixtures.input_of([t.pod(object.union(_spec, {"os": {"name": "windows"}}))])
	count(rule.deny) == 0 with input as fixtures.input_of([object.union(t.pod(_spec), {"metadata": {"namespace": "kube-public"}})])
}
