package eks.rules.psa.enforce_level_test

import data.eks.rules.psa.enforce_level as rule
import data.eks.test.fixtures

_findings(labels) := findings if {
	findings := rule.deny with input as fixtures.input_of([fixtures.namespace("shop", labels)])
}

test_missing_or_privileged_fails if {
	[f.path | some f in _findings({})] == [["metadata", "labels", "pod-security.kubernetes.io/enforce"]]
	count(_findings({"pod-security.kubernetes.io/enforce": "privileged"})) == 1
	count(_findings({"pod-security.kubernetes.io/warn": "restricted"})) == 1
}

test_baseline_restricted_or_invalid_pass if {
	every level in ["baseline", "restricted", "Privileged", ""] {
		count(_findings({"pod-security.kubernetes.io/enforce": level})) == 0
	}
}

test_system_and_exempt_namespaces_are_skipped if {
	count(rule.deny) == 0 with input as fixtures.input_of([fixtures.namespace("kube-system", {})])
	ctx := json.patch(fixtures.default_context, [{"op": "replace", "path": "/pss/exempt_namespaces", "value": ["shop"]}])
	count(rule.deny) == 0 with input as fixtures.input_with([fixtures.namespace("shop", {})], ctx)
}
