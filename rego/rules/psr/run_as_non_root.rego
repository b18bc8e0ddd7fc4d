# METADATA
# title: Must run as non-root
# description: >-
#   runAsNonRoot makes the kubelet refuse to start a container whose user is root. Restricted
#   requires it: a pod-level false fails even when every container says true, any container
#   false fails, and a container that leaves it unset passes only when the pod sets true.
#   From policy v1.35 a pod in a user namespace (spec.hostUsers false) is exempt, since root
#   in the pod is not root on the node. PSA check runAsNonRoot (restricted).
# related_resources:
#   - ref: https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted
#     description: Pod Security Standards, Restricted, Running as Non-root
#   - ref: https://docs.aws.amazon.com/eks/latest/best-practices/pod-security.html
#     description: EKS Best Practices, Do not run processes in containers as root
# custom:
#   id: EKS-PSR-003
#   severity: medium
#   mode: enforce
#   input: k8s
#   pss_check: runAsNonRoot
#   remediation: >-
#     Set `securityContext.runAsNonRoot: true` at pod level (and remove any `false`), and run
#     the image as a non-zero UID (USER in the Dockerfile, or runAsUser).
#   fix:
#     before: |
#       spec:
#         containers: [...]
#     after: |
#       spec:
#         securityContext:
#           runAsNonRoot: true
#           runAsUser: 10001
#         containers: [...]
#   compliance:
#     cis-eks: ["4.2.6"]
#     eks-bp: ["pods"]
#     pss: ["restricted"]
#     nsa-cisa: ["pod-security"]
#   tags: [pod-security, pss-restricted]
package eks.rules.psr.run_as_non_root

import data.eks.lib.k8s
import data.eks.lib.pss

_relaxed(pod, revision) if {
	revision >= 35
	pss.user_namespace(pod)
}

# METADATA
# title: Problems
# description: >-
#   The offending fields of a pod under a revision of the check: [path, detail] pairs (the
#   detail without the reason). Shared with the EKS-POD-005 overlay.
problems(pod, revision) := ({[path, "pod must not set securityContext.runAsNonRoot=false"] |
	not _relaxed(pod, revision)
	pss.pod_sc(pod).runAsNonRoot == false
	path := array.concat(pod.spec_path, ["securityContext", "runAsNonRoot"])
} | {[path, detail] |
	not _relaxed(pod, revision)
	some c in k8s.containers(pod)
	pss.container_sc(c).runAsNonRoot == false
	path := array.concat(c.path, ["securityContext", "runAsNonRoot"])
	detail := sprintf(`container "%s" must not set securityContext.runAsNonRoot=false`, [c.name])
}) | {[path, detail] |
	not _relaxed(pod, revision)
	object.get(pss.pod_sc(pod), "runAsNonRoot", null) != true
	some c in k8s.containers(pod)
	not is_boolean(object.get(pss.container_sc(c), "runAsNonRoot", null))
	path := array.concat(c.path, ["securityContext", "runAsNonRoot"])
	detail := sprintf(`pod or container "%s" must set securityContext.runAsNonRoot=true`, [c.name])
}

# METADATA
# title: Offending fields
# description: Each offending field of each pod under each PSA mode that runs the check, keyed by [document id, path].
hits[[pod.doc.id, path]] contains pss.hit(pod, p, path, concat("", ["runAsNonRoot != true (", detail, ")"])) if {
	some pod in k8s.pods
	some p in pss.first_runs(pod, "runAsNonRoot")
	some [path, detail] in problems(pod, p.revision)
}

deny contains pss.strictest("EKS-PSR-003", hs) if some hs in hits
