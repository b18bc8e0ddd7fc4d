# METADATA
# title: warn and audit modes at least as strict as enforce
# description: >-
#   enforce rejects only Pods: a Deployment whose pods violate it is still admitted, and its
#   ReplicaSet then fails to create pods with nobody told. The warn and audit modes also
#   evaluate workload templates, so they should be set, at least as strict as enforce (ideally
#   restricted). An invalid warn or audit level counts as privileged, as PSA fails open.
#   System and exempt namespaces are skipped.
# related_resources:
#   - ref: https://docs.aws.amazon.com/eks/latest/best-practices/pod-security.html
#     description: EKS Best Practices, Use multiple Pod Security Admission (PSA) modes
# custom:
#   id: EKS-PSA-002
#   severity: low
#   mode: enforce
#   input: k8s
#   remediation: >-
#     Add `pod-security.kubernetes.io/warn: restricted` and `pod-security.kubernetes.io/audit:
#     restricted` (or at least the enforce level) to the namespace labels.
#   fix:
#     before: |
#       labels:
#         pod-security.kubernetes.io/enforce: baseline
#     after: |
#       labels:
#         pod-security.kubernetes.io/enforce: baseline
#         pod-security.kubernetes.io/warn: restricted
#         pod-security.kubernetes.io/audit: restricted
#   compliance:
#     eks-bp: ["pods"]
#     pss: ["baseline", "restricted"]
#   tags: [pod-security, psa]
package eks.rules.psa.warn_audit

import data.eks.lib.pss
import data.eks.lib.result

# The enforce level as the cluster applies it; an absent label is EKS's privileged default.
_enforce(labels) := pss.parse_level(raw, "enforce") if {
	raw := labels[pss.label_keys.enforce.level]
}

else := "privileged"

deny contains result.new("EKS-PSA-002", doc, path, msg) if {
	some doc in pss.workload_namespaces
	labels := pss.object_or_empty(object.get(doc.object, ["metadata", "labels"], {}))
	some mode in ["warn", "audit"]
	key := pss.label_keys[mode].level
	not key in object.keys(labels)
	path := ["metadata", "labels", key]
	msg := sprintf(
		`namespace "%s" has no %s label: workloads whose pods the namespace would reject are admitted without a %s; set it to restricted (or at least %s)`,
		[doc.name, key, _consequence[mode], _enforce(labels)],
	)
}

deny contains result.new("EKS-PSA-002", doc, path, msg) if {
	some doc in pss.workload_namespaces
	labels := pss.object_or_empty(object.get(doc.object, ["metadata", "labels"], {}))
	some mode in ["warn", "audit"]
	key := pss.label_keys[mode].level
	raw := labels[key]
	level := pss.parse_level(raw, mode)
	enforce := _enforce(labels)
	pss.levels[level] < pss.levels[enforce]
	path := ["metadata", "labels", key]
	msg := sprintf(
		`namespace "%s": %s is %s, less strict than enforce (%s); set it to restricted (or at least %s)`,
		[doc.name, key, _shown(raw, level), enforce, enforce],
	)
}

_consequence := {"warn": "warning to the user", "audit": "record in the audit log"}

_shown(raw, level) := level if raw == level

else := sprintf("%s (read as %s, since PSA fails open on an invalid value)", [pss.display(raw), level])
