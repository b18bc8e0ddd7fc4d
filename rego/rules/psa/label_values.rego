# METADATA
# title: PSA label values are valid
# description: >-
#   PSA parses pod-security.kubernetes.io labels strictly and never ignores a bad one: an
#   invalid enforce level becomes restricted, an invalid audit or warn level becomes
#   privileged (fail open: nothing is warned or audited), and an invalid version becomes
#   latest. Levels are privileged, baseline or restricted (exact case); versions are latest or
#   v1.N (v1.25, not 1.25, v1.025 or v1.25.0). A label under the prefix that PSA does not read
#   (a typo such as enforce-versoin) is reported too, since it silently does nothing.
# related_resources:
#   - ref: https://kubernetes.io/docs/concepts/security/pod-security-admission/#pod-security-admission-labels-for-namespaces
#     description: Pod Security Admission labels for namespaces
# custom:
#   id: EKS-PSA-003
#   severity: medium
#   mode: enforce
#   input: k8s
#   remediation: >-
#     Use one of privileged, baseline, restricted for pod-security.kubernetes.io/<mode>, and
#     latest or v1.N (quoted, e.g. "v1.30") for pod-security.kubernetes.io/<mode>-version.
#   fix:
#     before: |
#       labels:
#         pod-security.kubernetes.io/enforce: Restricted
#         pod-security.kubernetes.io/enforce-version: "1.30"
#     after: |
#       labels:
#         pod-security.kubernetes.io/enforce: restricted
#         pod-security.kubernetes.io/enforce-version: v1.30
#   compliance:
#     pss: ["baseline", "restricted"]
#   tags: [pod-security, psa]
package eks.rules.psa.label_values

import data.eks.lib.k8s
import data.eks.lib.pss
import data.eks.lib.result

_fallback := {
	"enforce": "PSA enforces restricted instead",
	"warn": "PSA treats it as privileged, so nothing is warned",
	"audit": "PSA treats it as privileged, so nothing is audited",
}

_known_keys := {key | some keys in pss.label_keys; some key in [keys.level, keys.version]}

_namespaces contains doc if {
	some doc in k8s.of_kind("Namespace")
	k8s.group(doc.apiVersion) == ""
}

_labels(doc) := pss.object_or_empty(object.get(doc.object, ["metadata", "labels"], {}))

deny contains result.new("EKS-PSA-003", doc, ["metadata", "labels", key], msg) if {
	some doc in _namespaces
	some mode in pss.modes
	key := pss.label_keys[mode].level
	raw := _labels(doc)[key]
	not pss.valid_level(raw)
	msg := sprintf(
		"namespace \"%s\": %s has the invalid level %s (must be privileged, baseline or restricted, in lower case); %s",
		[doc.name, key, json.marshal(raw), _fallback[mode]],
	)
}

deny contains result.new("EKS-PSA-003", doc, ["metadata", "labels", key], msg) if {
	some doc in _namespaces
	some mode in pss.modes
	key := pss.label_keys[mode].version
	raw := _labels(doc)[key]
	not pss.valid_version(raw)
	msg := sprintf(
		"namespace \"%s\": %s has the invalid version %s (must be latest or v1.N, e.g. v1.30, as a string); PSA evaluates latest instead",
		[doc.name, key, json.marshal(raw)],
	)
}

deny contains result.new("EKS-PSA-003", doc, ["metadata", "labels", key], msg) if {
	some doc in _namespaces
	some key, _ in _labels(doc)
	startswith(key, "pod-security.kubernetes.io/")
	not _known_keys[key]
	msg := sprintf(
		"namespace \"%s\": PSA does not read the label %s and ignores it; the PSA labels are pod-security.kubernetes.io/enforce, audit, warn and their -version",
		[doc.name, key],
	)
}
