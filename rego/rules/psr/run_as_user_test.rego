package eks.rules.psr.run_as_user_test

import data.eks.rules.psr.run_as_user as rule
import data.eks.test.pss as t

_spec := {
	"securityContext": {"runAsUser": 0},
	"initContainers": [{"name": "i", "securityContext": {"runAsUser": 1000}}],
	"containers": [{"name": "c", "securityContext": {"runAsUser": 0}}, {"name": "d"}],
}

test_explicit_zero_fails_from_v1_23 if {
	count(rule.deny) == 0 with input as t.at("restricted", "v1.22", [t.pod(_spec)])
	findings := rule.deny with input as t.at("restricted", "v1.23", [t.pod(_spec)])
	t.messages(findings) == {
		`violates PodSecurity "restricted:v1.23": runAsUser=0 (pod must not set runAsUser=0)`,
		`violates PodSecurity "restricted:v1.23": runAsUser=0 (container "c" must not set runAsUser=0)`,
	}
	t.paths(findings) == {["spec", "securityContext", "runAsUser"], ["spec", "containers", 0, "securityContext", "runAsUser"]}
}

test_user_namespace_relaxation_from_v1_35 if {
	spec := object.union(_spec, {"hostUsers": false})
	count(rule.deny) == 2 with input as t.at("restricted", "v1.34", [t.pod(spec)])
	count(rule.deny) == 0 with input as t.at("restricted", "v1.35", [t.pod(spec)])
}

test_baseline_does_not_check_it if {
	count(rule.deny) == 0 with input as t.at("baseline", "latest", [t.pod(_spec)])
}
