package eks.rules.psb.privileged_test

import data.eks.rules.psb.privileged
import data.eks.test.fixtures

_spec := {
	"initContainers": [{"name": "init", "securityContext": {"privileged": true}}],
	"containers": [
		{"name": "ok"},
		{"name": "app", "securityContext": {"privileged": true}},
		{"name": "off", "securityContext": {"privileged": false}},
	],
	"ephemeralContainers": [{"name": "debug", "securityContext": {"privileged": true}}],
}

test_all_three_lists_in_every_carrier if {
	every c in fixtures.carriers(_spec) {
		findings := privileged.deny with input as fixtures.input_of([c.object])
		{f.path | some f in findings} == {
			array.concat(c.spec_path, ["initContainers", 0, "securityContext", "privileged"]),
			array.concat(c.spec_path, ["containers", 1, "securityContext", "privileged"]),
			array.concat(c.spec_path, ["ephemeralContainers", 0, "securityContext", "privileged"]),
		}
	}
}

test_message_names_the_container if {
	pod := fixtures.carriers({"containers": [{"name": "app", "securityContext": {"privileged": true}}]}).Pod.object
	findings := privileged.deny with input as fixtures.input_of([pod])
	[f.message | some f in findings] == [`violates PodSecurity "baseline:latest": privileged (container "app" must not set securityContext.privileged=true)`]
	[f.rule | some f in findings] == ["EKS-PSB-002"]
}

test_wrong_types_do_not_error if {
	bad := [
		{"apiVersion": "v1", "kind": "Pod", "metadata": [], "spec": {"containers": 7}},
		{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "x"}, "spec": "x"},
		{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "y"}, "spec": {"containers": ["s", {"securityContext": "z"}, {"name": "p", "securityContext": {"privileged": true}}]}},
	]
	findings := privileged.deny with input as fixtures.input_of(bad)
	[f.path | some f in findings] == [["spec", "containers", 2, "securityContext", "privileged"]]
}

test_not_a_carrier if {
	svc := {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "s"}, "spec": {"containers": [{"securityContext": {"privileged": true}}]}}
	count(privileged.deny) == 0 with input as fixtures.input_of([svc])
}
