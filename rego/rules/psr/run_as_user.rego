# METADATA
# title: Must not set UID 0
# description: >-
#   runAsUser 0 runs the container as root regardless of the image. Restricted refuses an
#   explicit 0 at pod level (not forgiven by container overrides) or on any container; unset
#   is allowed. From policy v1.35 a pod in a user namespace (spec.hostUsers false) is exempt.
#   PSA check runAsUser (restricted, v1.23+).
# related_resources:
#   - ref: https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted
#     description: Pod Security Standards, Restricted, Running as Non-root user
# custom:
#   id: EKS-PSR-004
#   severity: medium
#   mode: enforce
#   input: k8s
#   pss_check: runAsUser
#   remediation: >-
#     Remove `runAsUser: 0`, or set a non-zero UID, at pod and container level.
#   fix:
#     before: |
#       securityContext:
#         runAsUser: 0
#     after: |
#       securityContext:
#         runAsUser: 10001
#   compliance:
#     eks-bp: ["pods"]
#     pss: ["restricted"]
#     nsa-cisa: ["pod-security"]
#   tags: [pod-security, pss-restricted]
package eks.rules.psr.run_as_user

import data.eks.lib.k8s
import data.eks.lib.pss

_relaxed(pod, revision) if {
	revision >= 35
	pss.user_namespace(pod)
}

# METADATA
# title: Problems
# description: >-
#   The offending fields of a pod under a revision of the check: [path, setter] pairs.
#   Shared with the EKS-POD-005 overlay.
problems(pod, revision) := {[path, "pod"] |
	not _relaxed(pod, revision)
	pss.pod_sc(pod).runAsUser == 0
	path := array.concat(pod.spec_path, ["securityContext", "runAsUser"])
} | {[path, setter] |
	not _relaxed(pod, revision)
	some c in k8s.containers(pod)
	pss.container_sc(c).runAsUser == 0
	path := array.concat(c.path, ["securityContext", "runAsUser"])
	setter := sprintf(`container "%s"`, [c.name])
}

# METADATA
# title: Offending fields
# description: Each offending field of each pod under each PSA mode that runs the check, keyed by [document id, path].
hits[[pod.doc.id, path]] contains pss.hit(pod, p, path, detail) if {
	some pod in k8s.pods
	some p in pss.first_runs(pod, "runAsUser")
	some [path, setter] in problems(pod, p.revision)
	detail := sprintf("runAsUser=0 (%s must not set runAsUser=0)", [setter])
}

deny contains pss.strictest("EKS-PSR-004", hs) if some hs in hits
