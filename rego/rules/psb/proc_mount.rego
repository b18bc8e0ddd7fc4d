# METADATA
# title: Default /proc masks
# description: >-
#   The default /proc mount masks kernel interfaces a container must not reach; procMount
#   Unmasked removes the masks. From policy v1.35 baseline allows any procMount for a pod in
#   a user namespace (spec.hostUsers false); restricted then runs procMount_restricted
#   instead, which still refuses it. PSA check procMount (baseline; restricted below v1.35).
# related_resources:
#   - ref: https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline
#     description: Pod Security Standards, Baseline, /proc Mount Type
#   - ref: https://kubernetes.io/docs/concepts/workloads/pods/user-namespaces/
#     description: User namespaces and Pod Security Admission
# custom:
#   id: EKS-PSB-008
#   severity: medium
#   mode: enforce
#   input: k8s
#   pss_check: procMount
#   remediation: Remove `securityContext.procMount` or set it to Default.
#   fix:
#     before: |
#       securityContext:
#         procMount: Unmasked
#     after: |
#       securityContext:
#         procMount: Default
#   compliance:
#     pss: ["baseline"]
#     nsa-cisa: ["pod-security"]
#   tags: [pod-security, pss-baseline]
package eks.rules.psb.proc_mount

import data.eks.lib.k8s
import data.eks.lib.pss
import data.eks.rules.psr.proc_mount as restricted

# METADATA
# title: Offending fields
# description: Each offending field of each pod under each PSA mode that runs the check, keyed by [document id, path].
hits[[pod.doc.id, path]] contains pss.hit(pod, p, path, detail) if {
	some pod in k8s.pods
	some p in pss.first_runs(pod, "procMount")
	not _relaxed(pod, p.revision)
	some c in k8s.containers(pod)
	value := pss.container_sc(c).procMount
	not value in {"Default", null}
	path := array.concat(c.path, ["securityContext", "procMount"])
	detail := sprintf(
		`procMount (container "%s" must not set securityContext.procMount to %s)`,
		[c.name, pss.quote(pss.display(value))],
	)
}

# Revision 1.35 allows everything for a pod in a user namespace.
_relaxed(pod, revision) if {
	revision >= 35
	pss.user_namespace(pod)
}

# Where procMount_restricted reports the same field at a stricter mode, it owns the finding.
deny contains pss.strictest("EKS-PSB-008", hs) if {
	some key, hs in hits
	not _outranked(key, hs)
}

_outranked(key, hs) if pss.outranked(hs, restricted.hits[key])
