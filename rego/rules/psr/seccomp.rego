# METADATA
# title: Seccomp RuntimeDefault or Localhost required
# description: >-
#   Restricted requires a seccomp profile: the pod's seccompProfile.type, or every
#   container's, must be RuntimeDefault or Localhost. A pod-level invalid type fails, a
#   container-level invalid type fails, and a container without a type passes only when the
#   pod sets a valid one. From policy v1.25, Windows pods are exempt. PSA check
#   seccompProfile_restricted (restricted, v1.19+; it replaces seccompProfile_baseline).
# related_resources:
#   - ref: https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted
#     description: Pod Security Standards, Restricted, Seccomp
#   - ref: https://docs.aws.amazon.com/eks/latest/best-practices/runtime-security.html
#     description: EKS Best Practices, Seccomp
# custom:
#   id: EKS-PSR-005
#   severity: medium
#   mode: enforce
#   input: k8s
#   pss_check: seccompProfile_restricted
#   remediation: >-
#     Set `securityContext.seccompProfile.type: RuntimeDefault` at pod level (or Localhost with a profile).
#   fix:
#     before: |
#       spec:
#         securityContext: {}
#     after: |
#       spec:
#         securityContext:
#           seccompProfile:
#             type: RuntimeDefault
#   compliance:
#     eks-bp: ["runtime"]
#     pss: ["restricted"]
#     nsa-cisa: ["pod-security"]
#   tags: [pod-security, pss-restricted]
package eks.rules.psr.seccomp

import data.eks.lib.k8s
import data.eks.lib.pss
import data.eks.rules.psb.seccomp as baseline

_exempt(pod, revision) if {
	revision >= 25
	pss.windows(pod)
}

_pod_valid(pod) if {
	profile := pss.pod_sc(pod).seccompProfile
	is_object(profile)
	not baseline.bad_type(profile)
}

# METADATA
# title: Offending fields
# description: Each offending field of each pod under each PSA mode that runs the check, keyed by [document id, path].
hits[[pod.doc.id, path]] contains pss.hit(pod, p, path, baseline.bad_type_detail("pod", t)) if {
	some pod in k8s.pods
	some p in pss.first_runs(pod, "seccompProfile_restricted")
	not _exempt(pod, p.revision)
	t := baseline.bad_type(pss.pod_sc(pod).seccompProfile)
	path := array.concat(pod.spec_path, ["securityContext", "seccompProfile", "type"])
}

hits[[pod.doc.id, path]] contains pss.hit(pod, p, path, baseline.bad_type_detail(setter, t)) if {
	some pod in k8s.pods
	some p in pss.first_runs(pod, "seccompProfile_restricted")
	not _exempt(pod, p.revision)
	some c in k8s.containers(pod)
	t := baseline.bad_type(pss.container_sc(c).seccompProfile)
	path := array.concat(c.path, ["securityContext", "seccompProfile", "type"])
	setter := sprintf(`container "%s"`, [c.name])
}

hits[[pod.doc.id, path]] contains pss.hit(pod, p, path, detail) if {
	some pod in k8s.pods
	some p in pss.first_runs(pod, "seccompProfile_restricted")
	not _exempt(pod, p.revision)
	not _pod_valid(pod)
	some c in k8s.containers(pod)
	not is_object(object.get(pss.container_sc(c), "seccompProfile", null))
	path := array.concat(c.path, ["securityContext", "seccompProfile", "type"])
	detail := sprintf(
		`seccompProfile (pod or container "%s" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost")`,
		[c.name],
	)
}

# Where seccompProfile_baseline reports the same field at a stricter mode, it owns the finding.
deny contains pss.strictest("EKS-PSR-005", hs) if {
	some key, hs in hits
	not _outranked(key, hs)
}

_outranked(key, hs) if pss.outranked(hs, baseline.hits[key])
