# METADATA
# title: Default /proc masks, even in user namespaces
# description: >-
#   From policy v1.35 restricted refuses any procMount other than Default regardless of
#   spec.hostUsers, replacing the baseline procMount check that allows it in user namespaces.
#   PSA check procMount_restricted (restricted, v1.35+).
# related_resources:
#   - ref: https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted
#     description: Pod Security Standards, Restricted
#   - ref: https://kubernetes.io/docs/concepts/workloads/pods/user-namespaces/
#     description: User namespaces and Pod Security Admission
# custom:
#   id: EKS-PSR-007
#   severity: medium
#   mode: enforce
#   input: k8s
#   pss_check: procMount_restricted
#   remediation: Remove `securityContext.procMount` or set it to Default.
#   fix:
#     before: |
#       securityContext:
#         procMount: Unmasked
#     after: |
#       securityContext:
#         procMount: Default
#   compliance:
#     pss: ["restricted"]
#   tags: [pod-security, pss-restricted]
package eks.rules.psr.proc_mount

import data.eks.lib.k8s
import data.eks.lib.pss
import data.eks.rules.psb.proc_mount as baseline

# METADATA
# title: Offending fields
# description: Each offending field of each pod under each PSA mode that runs the check, keyed by [document id, path].
hits[[pod.doc.id, path]] contains pss.hit(pod, p, path, detail) if {
	some pod in k8s.pods
	some p in pss.first_runs(pod, "procMount_restricted")
	some c in k8s.containers(pod)
	value := pss.container_sc(c).procMount
	not value in {"Default", null}
	path := array.concat(c.path, ["securityContext", "procMount"])
	detail := sprintf(
		`procMount (container "%s" must not set securityContext.procMount to %s)`,
		[c.name, pss.quote(pss.display(value))],
	)
}

# Where the baseline procMount check reports the same field at a stricter mode, it owns the finding.
deny contains pss.strictest("EKS-PSR-007", hs) if {
	some key, hs in hits
	not _outranked(key, hs)
}

_outranked(key, hs) if pss.outranked(hs, baseline.hits[key])
