# METADATA
# title: Privilege escalation explicitly disabled
# description: >-
#   allowPrivilegeEscalation (no_new_privs) stops a process from gaining more privileges than
#   its parent, e.g. through setuid binaries. It defaults to true, so restricted requires every
#   container to set it to false explicitly. From policy v1.25, Windows pods (spec.os.name
#   windows) are exempt. PSA check allowPrivilegeEscalation (restricted, v1.8+).
# related_resources:
#   - ref: https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted
#     description: Pod Security Standards, Restricted, Privilege Escalation
#   - ref: https://docs.aws.amazon.com/eks/latest/best-practices/pod-security.html
#     description: EKS Best Practices, Do not allow privileged escalation
# custom:
#   id: EKS-PSR-002
#   severity: medium
#   mode: enforce
#   input: k8s
#   pss_check: allowPrivilegeEscalation
#   remediation: >-
#     Set `securityContext.allowPrivilegeEscalation: false` on every container, init container and ephemeral container.
#   fix:
#     before: |
#       securityContext: {}
#     after: |
#       securityContext:
#         allowPrivilegeEscalation: false
#   compliance:
#     cis-eks: ["4.2.5"]
#     eks-bp: ["pods"]
#     pss: ["restricted"]
#     nsa-cisa: ["pod-security"]
#   tags: [pod-security, pss-restricted]
package eks.rules.psr.allow_privilege_escalation

import data.eks.lib.k8s
import data.eks.lib.pss

# METADATA
# title: Offending containers
# description: Containers that do not set allowPrivilegeEscalation to false, under a revision of the check.
offending(pod, revision) := {c |
	not _exempt(pod, revision)
	some c in k8s.containers(pod)
	object.get(pss.container_sc(c), "allowPrivilegeEscalation", null) != false
}

_exempt(pod, revision) if {
	revision >= 25
	pss.windows(pod)
}

# METADATA
# title: Offending fields
# description: Each offending field of each pod under each PSA mode that runs the check, keyed by [document id, path].
hits[[pod.doc.id, path]] contains pss.hit(pod, p, path, detail) if {
	some pod in k8s.pods
	some p in pss.first_runs(pod, "allowPrivilegeEscalation")
	some c in offending(pod, p.revision)
	path := array.concat(c.path, ["securityContext", "allowPrivilegeEscalation"])
	detail := sprintf(
		`allowPrivilegeEscalation != false (container "%s" must set securityContext.allowPrivilegeEscalation=false)`,
		[c.name],
	)
}

deny contains pss.strictest("EKS-PSR-002", hs) if some hs in hits
