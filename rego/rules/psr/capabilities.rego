# METADATA
# title: Drop ALL, add only NET_BIND_SERVICE
# description: >-
#   Restricted containers must drop every capability (capabilities.drop contains the exact
#   string ALL; "all" does not count, and a container without securityContext.capabilities
#   fails) and may add back only NET_BIND_SERVICE. From policy v1.25 Windows pods are exempt.
#   PSA check capabilities_restricted (restricted, v1.22+; it replaces capabilities_baseline).
# related_resources:
#   - ref: https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted
#     description: Pod Security Standards, Restricted, Capabilities
#   - ref: https://docs.aws.amazon.com/eks/latest/best-practices/runtime-security.html
#     description: EKS Best Practices, Consider adding or dropping Linux capabilities
# custom:
#   id: EKS-PSR-006
#   severity: medium
#   mode: enforce
#   input: k8s
#   pss_check: capabilities_restricted
#   remediation: >-
#     Set `securityContext.capabilities.drop: ["ALL"]` on every container and remove every
#     added capability except NET_BIND_SERVICE.
#   fix:
#     before: |
#       securityContext:
#         capabilities:
#           add: ["NET_ADMIN"]
#     after: |
#       securityContext:
#         capabilities:
#           drop: ["ALL"]
#   compliance:
#     eks-bp: ["runtime"]
#     pss: ["restricted"]
#     nsa-cisa: ["pod-security"]
#   tags: [pod-security, pss-restricted]
package eks.rules.psr.capabilities

import data.eks.lib.k8s
import data.eks.lib.pss
import data.eks.rules.psb.capabilities as baseline

_exempt(pod, revision) if {
	revision >= 25
	pss.windows(pod)
}

_drops_all(c) if "ALL" in pss.array_or_empty(pss.container_sc(c).capabilities.drop)

# METADATA
# title: Offending fields
# description: Each offending field of each pod under each PSA mode that runs the check, keyed by [document id, path].
hits[[pod.doc.id, path]] contains pss.hit(pod, p, path, detail) if {
	some pod in k8s.pods
	some p in pss.first_runs(pod, "capabilities_restricted")
	not _exempt(pod, p.revision)
	some c in k8s.containers(pod)
	not _drops_all(c)
	path := array.concat(c.path, ["securityContext", "capabilities", "drop"])
	detail := sprintf(`unrestricted capabilities (container "%s" must set securityContext.capabilities.drop=["ALL"])`, [c.name])
}

hits[[pod.doc.id, path]] contains pss.hit(pod, p, path, detail) if {
	some pod in k8s.pods
	some p in pss.first_runs(pod, "capabilities_restricted")
	not _exempt(pod, p.revision)
	some c in k8s.containers(pod)
	some i, cap in pss.array_or_empty(pss.container_sc(c).capabilities.add)
	cap != "NET_BIND_SERVICE"
	path := array.concat(c.path, ["securityContext", "capabilities", "add", i])
	detail := sprintf(
		`unrestricted capabilities (container "%s" must not include %s in securityContext.capabilities.add)`,
		[c.name, pss.quote(pss.display(cap))],
	)
}

# Where capabilities_baseline reports the same entry at a stricter mode, it owns the finding.
deny contains pss.strictest("EKS-PSR-006", hs) if {
	some key, hs in hits
	not _outranked(key, hs)
}

_outranked(key, hs) if pss.outranked(hs, baseline.hits[key])
