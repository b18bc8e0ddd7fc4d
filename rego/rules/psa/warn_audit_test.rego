package eks.rules.psa.warn_audit_test

import data.eks.rules.psa.warn_audit as rule
import data.eks.test.fixtures

_keys(labels) := keys if {
	keys := {f.path[2] | some f in rule.deny} with input as fixtures.input_of([fixtures.namespace("shop", labels)])
}

test_missing_modes if {
	_keys({"pod-security.kubernetes.io/enforce": "baseline"}) == {"pod-security.kubernetes.io/warn", "pod-security.kubernetes.io/audit"}
}

test_at_least_as_strict_as_enforce if {
	_keys({
		"pod-security.kubernetes.io/enforce": "restricted",
		"pod-security.kubernetes.io/warn": "baseline",
		"pod-security.kubernetes.io/audit": "restricted",
	}) == {"pod-security.kubernetes.io/warn"}
	_keys({
		"pod-security.kubernetes.io/enforce": "baseline",
		"pod-security.kubernetes.io/warn": "restricted",
		"pod-security.kubernetes.io/audit": "baseline",
	}) == set()
}

test_invalid_warn_fails_open if {
	msgs := {f.message | some f in rule.deny} with input as fixtures.input_of([fixtures.namespace("shop", {
		"pod-security.kubernetes.io/enforce": "baseline",
		"pod-security.kubernetes.io/warn": "Restricted",
		"pod-security.kubernetes.io/audit": "restricted",
	})])
	msgs == {`namespace "shop": pod-security.kubernetes.io/warn is Restricted (read as privileged, since PSA fails open on an invalid value), less strict than enforce (baseline); set it to restricted (or at least baseline)`}
}
