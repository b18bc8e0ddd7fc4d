# METADATA
# title: No host namespaces
# description: >-
#   Pods must not share the node's network, PID or IPC namespace. hostNetwork exposes the
#   node's interfaces and lets a pod bypass NetworkPolicy; hostPID and hostIPC let it see and
#   signal the node's processes and shared memory. PSA check hostNamespaces (baseline, all
#   versions).
# related_resources:
#   - ref: https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline
#     description: Pod Security Standards, Baseline, Host Namespaces
#   - ref: https://docs.aws.amazon.com/eks/latest/best-practices/pod-security.html
#     description: EKS Best Practices, Pod Security
# custom:
#   id: EKS-PSB-001
#   severity: high
#   mode: enforce
#   input: k8s
#   pss_check: hostNamespaces
#   remediation: >-
#     Remove `hostNetwork`, `hostPID` and `hostIPC` from the pod spec (or set them to false).
#     Node agents that truly need them belong in a namespace whose PSA level is privileged.
#   fix:
#     before: |
#       spec:
#         hostNetwork: true
#     after: |
#       spec:
#         hostNetwork: false
#   compliance:
#     cis-eks: ["4.2.2", "4.2.3", "4.2.4"]
#     eks-bp: ["pods"]
#     pss: ["baseline"]
#     nsa-cisa: ["pod-security"]
#   tags: [pod-security, pss-baseline]
package eks.rules.psb.host_namespaces

import data.eks.lib.k8s
import data.eks.lib.pss

_fields := ["hostNetwork", "hostPID", "hostIPC"]

# METADATA
# title: Offending fields
# description: Each offending field of each pod under each PSA mode that runs the check, keyed by [document id, path].
hits[[pod.doc.id, path]] contains pss.hit(pod, p, path, detail) if {
	some pod in k8s.pods
	some p in pss.first_runs(pod, "hostNamespaces")
	some field in _fields
	pod.spec[field] == true
	path := array.concat(pod.spec_path, [field])
	detail := sprintf("host namespaces (%s=true)", [field])
}

deny contains pss.strictest("EKS-PSB-001", hs) if some hs in hits
