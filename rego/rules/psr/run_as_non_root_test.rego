package eks.rules.psr.run_as_non_root_test

import data.eks.rules.psr.run_as_non_root as rule
import data.eks.test.pss as t

_at(version, spec) := findings if {
	findings := rule.deny with input as t.at("restricted", version, [t.pod(spec)])
}

test_pod_true_covers_unset_containers if {
	count(_at("latest", {"securityContext": {"runAsNonRoot": true}, "containers": [{"name": "a"}], "initContainers": [{"name": "i"}]})) == 0
}

test_pod_false_is_not_forgiven if {
	findings := _at("latest", {"securityContext": {"runAsNonRoot": false}, "containers": [{"name": "a", "securityContext": {"runAsNonRoot": true}}]})
	t.messages(findings) == {`violates PodSecurity "restricted:latest": runAsNonRoot != true (pod must not set securityContext.runAsNonRoot=false)`}
	t.paths(findings) == {["spec", "securityContext", "runAsNonRoot"]}
}

test_container_false_and_unset if {
	findings := _at("v1.30", {"containers": [{"name": "a", "securityContext": {"runAsNonRoot": false}}, {"name": "b"}, {"name": "c", "securityContext": {"runAsNonRoot": true}}], "ephemeralContainers": [{"name": "e"}]})
	t.messages(findings) == {
		`violates PodSecurity "restricted:v1.30": runAsNonRoot != true (container "a" must not set securityContext.runAsNonRoot=false)`,
		`violates PodSecurity "restricted:v1.30": runAsNonRoot != true (pod or container "b" must set securityContext.runAsNonRoot=true)`,
		`violates PodSecurity "restricted:v1.30": runAsNonRoot != true (pod or container "e" must set securityContext.runAsNonRoot=true)`,
	}
}

test_user_namespace_relaxation_from_v1_35 if {
	spec := {"hostUsers": false, "securityContext": {"runAsNonRoot": false}, "containers": [{"name": "a"}]}
	count(_at("v1.34", spec)) == 2
	count(_at("v1.35", spec)) == 0
	count(_at("latest", spec)) == 0
	count(_at("latest", object.union(spec, {"hostUsers": true}))) == 2
}
