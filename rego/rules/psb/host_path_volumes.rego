# METADATA
# title: No hostPath volumes
# description: >-
#   A hostPath volume exposes the node's filesystem to the pod: node credentials, other pods'
#   data, the container runtime. PSA check hostPathVolumes (baseline, all versions; in
#   restricted it is replaced by restrictedVolumes, which refuses hostPath too).
# related_resources:
#   - ref: https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline
#     description: Pod Security Standards, Baseline, HostPath Volumes
#   - ref: https://docs.aws.amazon.com/eks/latest/best-practices/pod-security.html
#     description: EKS Best Practices, Restrict the use of hostPath
# custom:
#   id: EKS-PSB-004
#   severity: high
#   mode: enforce
#   input: k8s
#   pss_check: hostPathVolumes
#   remediation: >-
#     Replace the hostPath volume with an emptyDir, a ConfigMap, a Secret or a
#     PersistentVolumeClaim. A node agent that must read the host belongs in a privileged
#     namespace, and should mount the narrowest path read-only.
#   fix:
#     before: |
#       volumes:
#         - name: data
#           hostPath:
#             path: /var/log
#     after: |
#       volumes:
#         - name: data
#           emptyDir: {}
#   compliance:
#     eks-bp: ["pods"]
#     pss: ["baseline"]
#     nsa-cisa: ["pod-security"]
#   tags: [pod-security, pss-baseline]
package eks.rules.psb.host_path_volumes

import data.eks.lib.k8s
import data.eks.lib.pss
import data.eks.rules.psr.restricted_volumes as restricted

# METADATA
# title: Offending fields
# description: Each offending field of each pod under each PSA mode that runs the check, keyed by [document id, path].
hits[[pod.doc.id, path]] contains pss.hit(pod, p, path, detail) if {
	some pod in k8s.pods
	some p in pss.first_runs(pod, "hostPathVolumes")
	some i, volume in pss.array_or_empty(pod.spec.volumes)
	volume.hostPath != null
	path := array.concat(pod.spec_path, ["volumes", i, "hostPath"])
	detail := sprintf(`hostPath volumes (volume %s)`, [pss.quote(pss.display(object.get(volume, "name", "")))])
}

# Where restrictedVolumes reports the same volume at a stricter mode, it owns the finding.
deny contains pss.strictest("EKS-PSB-004", hs) if {
	some key, hs in hits
	not _outranked(key, hs)
}

_outranked(key, hs) if pss.outranked(hs, restricted.hits[key])
