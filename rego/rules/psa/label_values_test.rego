package eks.rules.psa.label_values_test

import data.eks.rules.psa.label_values as rule
import data.eks.test.fixtures

_keys(labels) := keys if {
	keys := {f.path[2] | some f in rule.deny} with input as fixtures.input_of([fixtures.namespace("kube-system", labels)])
}

test_valid_labels_pass if {
	_keys({
		"pod-security.kubernetes.io/enforce": "restricted",
		"pod-security.kubernetes.io/enforce-version": "v1.30",
		"pod-security.kubernetes.io/warn": "baseline",
		"pod-security.kubernetes.io/warn-version": "latest",
		"pod-security.kubernetes.io/audit": "privileged",
		"pod-security.kubernetes.io/audit-version": "v1.0",
		"app.kubernetes.io/name": "x",
	}) == set()
}

test_invalid_values_and_unknown_keys if {
	_keys({
		"pod-security.kubernetes.io/enforce": "Restricted",
		"pod-security.kubernetes.io/enforce-version": "1.30",
		"pod-security.kubernetes.io/warn-version": "v1.030",
		"pod-security.kubernetes.io/audit": "strict",
		"pod-security.kubernetes.io/audit-version": 1.3,
		"pod-security.kubernetes.io/enforce-versoin": "v1.30",
	}) == {
		"pod-security.kubernetes.io/enforce",
		"pod-security.kubernetes.io/enforce-version",
		"pod-security.kubernetes.io/warn-version",
		"pod-security.kubernetes.io/audit",
		"pod-security.kubernetes.io/audit-version",
		"pod-security.kubernetes.io/enforce-versoin",
	}
}

test_messages_name_the_fallback if {
	msgs := {f.message | some f in rule.deny} with input as fixtures.input_of([fixtures.namespace("shop", {"pod-security.kubernetes.io/enforce": "Baseline", "pod-security.kubernetes.io/warn-version": "v1.25.0"})])
	msgs == {
		`namespace "shop": pod-security.kubernetes.io/enforce has the invalid level "Baseline" (must be privileged, baseline or restricted, in lower case); PSA enforces restricted instead`,
		`namespace "shop": pod-security.kubernetes.io/warn-version has the invalid version "v1.25.0" (must be latest or v1.N, e.g. v1.30, as a string); PSA evaluates latest instead`,
	}
}
