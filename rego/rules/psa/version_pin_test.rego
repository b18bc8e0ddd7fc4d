package eks.rules.psa.version_pin_test

import data.eks.rules.psa.version_pin as rule
import data.eks.test.fixtures

_count(version, cluster) := n if {
	ctx := json.patch(fixtures.default_context, [{"op": "replace", "path": "/cluster/version", "value": cluster}])
	n := count(rule.deny) with input as fixtures.input_with([fixtures.namespace("shop", {"pod-security.kubernetes.io/enforce-version": version})], ctx)
}

test_against_the_newest_version_when_no_cluster_is_configured if {
	_count("v1.32", "") == 1
	_count("v1.33", "") == 0
	_count("latest", "") == 0
	_count("1.20", "") == 0
}

test_against_the_cluster if {
	_count("v1.30", "1.33") == 1
	_count("v1.31", "1.33") == 0
	_count("v1.33", "1.36") == 1
	_count("v1.34", "1.36") == 0
}

test_message_lists_what_is_missed if {
	msgs := {f.message | some f in rule.deny} with input as fixtures.input_of([fixtures.namespace("shop", {"pod-security.kubernetes.io/enforce-version": "v1.31"})])
	msgs == {`namespace "shop" pins pod-security.kubernetes.io/enforce-version to v1.31, more than two minors behind v1.35, the newest policy version the gate knows (set cluster.version to compare with your cluster): these check revisions do not run there: hostProbesAndHostLifecycle (v1.34), procMount (v1.35), procMount_restricted (v1.35), runAsNonRoot (v1.35), runAsUser (v1.35), sysctls (v1.32)`}
}
