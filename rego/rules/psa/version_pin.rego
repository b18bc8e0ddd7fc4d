# METADATA
# title: enforce-version is not pinned far behind the cluster
# description: >-
#   Pinning pod-security.kubernetes.io/enforce-version freezes the checks at that policy
#   version: newer check revisions do not run (below v1.34 the probe and lifecycle host check
#   is off; below v1.35 the user-namespace rules of baseline and restricted differ), while
#   changes patched into old revisions (image volumes, AppArmor fields) still apply. A pin
#   more than two minors behind the cluster (cluster.version in the configuration; the
#   newest policy version the gate knows when unset) is reported.
# related_resources:
#   - ref: https://kubernetes.io/docs/concepts/security/pod-security-admission/#pod-security-admission-labels-for-namespaces
#     description: Pod Security Admission labels for namespaces
# custom:
#   id: EKS-PSA-004
#   severity: low
#   mode: warn
#   input: k8s
#   remediation: >-
#     Set pod-security.kubernetes.io/enforce-version to latest (or a recent v1.N) after
#     checking the namespace's workloads with the warn label at that version.
#   fix:
#     before: |
#       pod-security.kubernetes.io/enforce-version: v1.23
#     after: |
#       pod-security.kubernetes.io/enforce-version: latest
#   compliance:
#     pss: ["baseline", "restricted"]
#   tags: [pod-security, psa]
package eks.rules.psa.version_pin

import data.eks.lib.k8s
import data.eks.lib.pss
import data.eks.lib.result

_key := pss.label_keys.enforce.version

# The configured cluster minor, else the newest policy version the gate knows.
_target := pss.cluster_minor if pss.cluster_minor >= 0

else := pss.newest_version

_target_text := sprintf("the cluster (1.%d)", [pss.cluster_minor]) if pss.cluster_minor >= 0

else := sprintf("v1.%d, the newest policy version the gate knows (set cluster.version to compare with your cluster)", [pss.newest_version])

# Check revisions that a pin at minor `pinned` does not run, e.g. "hostProbesAndHostLifecycle (v1.34)".
_missed(pinned) := concat(", ", sort({sprintf("%s (v1.%d)", [check, v]) |
	some check, def in pss.checks
	some v in def.versions
	v > pinned
	v <= pss.max_version
}))

deny contains result.new("EKS-PSA-004", doc, ["metadata", "labels", _key], msg) if {
	some doc in k8s.of_kind("Namespace")
	k8s.group(doc.apiVersion) == ""
	not doc.name in input.context.pss.exempt_namespaces
	raw := pss.object_or_empty(object.get(doc.object, ["metadata", "labels"], {}))[_key]
	pss.valid_version(raw)
	raw != "latest"
	pinned := to_number(substring(raw, 3, -1))
	pinned < _target - 2
	msg := sprintf(
		`namespace "%s" pins %s to %s, more than two minors behind %s: these check revisions do not run there: %s`,
		[doc.name, _key, raw, _target_text, _missed(pinned)],
	)
}
