# METADATA
# title: Pod Security test fixtures
# description: >-
#   Builders for the PSS rule tests: a namespace whose enforce mode applies one level and
#   version while warn and audit are privileged, and pods in it.
package eks.test.pss

import data.eks.test.fixtures

# METADATA
# title: Enforce-only labels
# description: Labels that enforce `level` at `version` and switch warn and audit off.
enforce_only(level, version) := {
	"pod-security.kubernetes.io/enforce": level,
	"pod-security.kubernetes.io/enforce-version": version,
	"pod-security.kubernetes.io/warn": "privileged",
	"pod-security.kubernetes.io/audit": "privileged",
}

# METADATA
# title: Pod
# description: A Pod in namespace "default" with this spec.
pod(spec) := {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p", "namespace": "default"}, "spec": spec}

# METADATA
# title: Input at a level and version
# description: The objects, plus a "default" Namespace that enforces only `level` at `version`.
at(level, version, objects) := fixtures.input_of(array.concat([fixtures.namespace("default", enforce_only(level, version))], objects))

# METADATA
# title: Paths of findings
# description: The paths of a set of findings.
paths(findings) := {f.path | some f in findings}

# METADATA
# title: Messages of findings
# description: The messages of a set of findings.
messages(findings) := {f.message | some f in findings}

# METADATA
# title: Minimal restricted spec
# description: A pod spec that passes restricted at every version, with one init and one regular container.
restricted_spec := {
	"securityContext": {"runAsNonRoot": true, "seccompProfile": {"type": "RuntimeDefault"}},
	"initContainers": [{"name": "init", "image": "i", "securityContext": _restricted_sc}],
	"containers": [{"name": "app", "image": "i", "securityContext": _restricted_sc}],
}

_restricted_sc := {"allowPrivilegeEscalation": false, "capabilities": {"drop": ["ALL"]}}
