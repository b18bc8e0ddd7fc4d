package eks.rules.pod.non_root_test

import data.eks.rules.pod.non_root as rule
import data.eks.test.fixtures
import data.eks.test.pss as t

_spec := {"securityContext": {"runAsUser": 0}, "containers": [{"name": "c"}]}

test_applies_where_restricted_is_not_enforced if {
	findings := rule.deny with input as fixtures.input_of([t.pod(_spec)])
	t.paths(findings) == {["spec", "containers", 0, "securityContext", "runAsNonRoot"], ["spec", "securityContext", "runAsUser"]}
	`pod must not set runAsUser=0, even where the namespace does not enforce restricted` in t.messages(findings)
}

test_stands_aside_where_restricted_is_enforced if {
	count(rule.deny) == 0 with input as t.at("restricted", "latest", [t.pod(_spec)])

	# restricted below v1.23 does not include runAsUser, so the overlay keeps that part
	t.paths(rule.deny) == {["spec", "securityContext", "runAsUser"]} with input as t.at("restricted", "v1.22", [t.pod(_spec)])
}

test_user_namespace_and_system if {
	count(rule.deny) == 0 with input as fixtures.input_of([t.pod(object.union(_spec, {"hostUsers": false}))])
	count(rule.deny) == 0 with input as fixtures.input_of([object.union(t.pod(_spec), {"metadata": {"namespace": "kube-system"}})])
}
