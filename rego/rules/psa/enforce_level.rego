# METADATA
# title: Every workload namespace enforces baseline or restricted
# description: >-
#   On EKS, Pod Security Admission is on but its cluster defaults are privileged: a namespace
#   enforces nothing until it is labelled. Every workload namespace should carry
#   pod-security.kubernetes.io/enforce set to baseline or restricted. System and exempt
#   namespaces (config namespaces.system, pss.exempt.namespaces) are skipped.
# related_resources:
#   - ref: https://docs.aws.amazon.com/eks/latest/best-practices/pod-security.html
#     description: EKS Best Practices, Use multiple Pod Security Admission (PSA) modes
#   - ref: https://kubernetes.io/docs/concepts/security/pod-security-admission/
#     description: Pod Security Admission
# custom:
#   id: EKS-PSA-001
#   severity: high
#   mode: enforce
#   input: k8s
#   remediation: >-
#     Label the namespace `pod-security.kubernetes.io/enforce: baseline` (or restricted), or
#     list it under namespaces.system in .eks-policy-gate.yaml if it is an add-on namespace.
#   fix:
#     before: |
#       metadata:
#         name: shop
#     after: |
#       metadata:
#         name: shop
#         labels:
#           pod-security.kubernetes.io/enforce: restricted
#           pod-security.kubernetes.io/enforce-version: latest
#   compliance:
#     cis-eks: ["4.2"]
#     eks-bp: ["pods"]
#     pss: ["baseline", "restricted"]
#   tags: [pod-security, psa]
package eks.rules.psa.enforce_level

import data.eks.lib.pss
import data.eks.lib.result

_key := pss.label_keys.enforce.level

deny contains result.new("EKS-PSA-001", doc, path, msg) if {
	some doc in pss.workload_namespaces
	labels := pss.object_or_empty(object.get(doc.object, ["metadata", "labels"], {}))
	not _key in object.keys(labels)
	path := ["metadata", "labels", _key]
	msg := sprintf(
		`namespace "%s" has no %s label: EKS admits every pod into it (the cluster default is privileged); set it to baseline or restricted`,
		[doc.name, _key],
	)
}

deny contains result.new("EKS-PSA-001", doc, path, msg) if {
	some doc in pss.workload_namespaces
	labels := pss.object_or_empty(object.get(doc.object, ["metadata", "labels"], {}))
	labels[_key] == "privileged"
	path := ["metadata", "labels", _key]
	msg := sprintf(
		`namespace "%s" enforces the privileged level, so Pod Security Admission rejects nothing in it; enforce baseline or restricted, or list it under namespaces.system if it runs node agents`,
		[doc.name],
	)
}
