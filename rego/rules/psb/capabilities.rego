# METADATA
# title: Only default capabilities added
# description: >-
#   Containers may add only the capabilities a container runtime grants by default. NET_RAW
#   (packet spoofing) and everything beyond the default set (SYS_ADMIN, NET_ADMIN, ...) are
#   refused. The comparison is exact and case-sensitive: `CAP_CHOWN` or `chown` are refused
#   too. PSA check capabilities_baseline (baseline, all versions; replaced by
#   capabilities_restricted in restricted from policy v1.22).
# related_resources:
#   - ref: https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline
#     description: Pod Security Standards, Baseline, Capabilities
#   - ref: https://docs.aws.amazon.com/eks/latest/best-practices/runtime-security.html
#     description: EKS Best Practices, Consider adding or dropping Linux capabilities
# custom:
#   id: EKS-PSB-003
#   severity: high
#   mode: enforce
#   input: k8s
#   pss_check: capabilities_baseline
#   remediation: >-
#     Remove every entry of `securityContext.capabilities.add` outside AUDIT_WRITE, CHOWN,
#     DAC_OVERRIDE, FOWNER, FSETID, KILL, MKNOD, NET_BIND_SERVICE, SETFCAP, SETGID, SETPCAP,
#     SETUID and SYS_CHROOT (spelled exactly so, without a CAP_ prefix).
#   fix:
#     before: |
#       capabilities:
#         add: ["NET_RAW", "SYS_ADMIN"]
#     after: |
#       capabilities:
#         drop: ["ALL"]
#         add: ["NET_BIND_SERVICE"]
#   compliance:
#     cis-eks: ["4.2.7"]
#     eks-bp: ["runtime"]
#     pss: ["baseline"]
#     nsa-cisa: ["pod-security"]
#   tags: [pod-security, pss-baseline]
package eks.rules.psb.capabilities

import data.eks.lib.k8s
import data.eks.lib.pss
import data.eks.rules.psr.capabilities as restricted

_allowed := {
	"AUDIT_WRITE", "CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID", "KILL", "MKNOD",
	"NET_BIND_SERVICE", "SETFCAP", "SETGID", "SETPCAP", "SETUID", "SYS_CHROOT",
}

# METADATA
# title: Offending fields
# description: Each offending field of each pod under each PSA mode that runs the check, keyed by [document id, path].
hits[[pod.doc.id, path]] contains pss.hit(pod, p, path, detail) if {
	some pod in k8s.pods
	some p in pss.first_runs(pod, "capabilities_baseline")
	some c in k8s.containers(pod)
	caps := pss.object_or_empty(pss.container_sc(c).capabilities)
	some i, cap in pss.array_or_empty(caps.add)
	not cap in _allowed
	path := array.concat(c.path, ["securityContext", "capabilities", "add", i])
	detail := sprintf(
		`non-default capabilities (container "%s" must not include %s in securityContext.capabilities.add)`,
		[c.name, pss.quote(pss.display(cap))],
	)
}

# Where capabilities_restricted reports the same entry at a stricter mode, it owns the finding.
deny contains pss.strictest("EKS-PSB-003", hs) if {
	some key, hs in hits
	not _outranked(key, hs)
}

_outranked(key, hs) if pss.outranked(hs, restricted.hits[key])
