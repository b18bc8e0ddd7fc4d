# METADATA
# title: No privileged containers
# description: >-
#   A privileged container has every capability and access to the node's devices: it is
#   root on the node. Checked on init, regular and ephemeral containers of every pod carrier.
#   PSA check privileged (baseline, all versions).
# related_resources:
#   - ref: https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline
#     description: Pod Security Standards, Baseline, Privileged Containers
#   - ref: https://docs.aws.amazon.com/eks/latest/best-practices/pod-security.html
#     description: EKS Best Practices, Restrict the containers that can run as privileged
# custom:
#   id: EKS-PSB-002
#   severity: critical
#   mode: enforce
#   input: k8s
#   pss_check: privileged
#   remediation: >-
#     Remove `securityContext.privileged: true`. Grant the single capability the workload
#     needs instead, or move a genuine node agent to a privileged namespace.
#   fix:
#     before: |
#       securityContext:
#         privileged: true
#     after: |
#       securityContext:
#         privileged: false
#         allowPrivilegeEscalation: false
#   compliance:
#     cis-eks: ["4.2.1"]
#     eks-bp: ["pods"]
#     pss: ["baseline"]
#     nsa-cisa: ["pod-security"]
#   tags: [pod-security, pss-baseline]
package eks.rules.psb.privileged

import data.eks.lib.k8s
import data.eks.lib.pss

# METADATA
# title: Offending fields
# description: Each offending field of each pod under each PSA mode that runs the check, keyed by [document id, path].
hits[[pod.doc.id, path]] contains pss.hit(pod, p, path, detail) if {
	some pod in k8s.pods
	some p in pss.first_runs(pod, "privileged")
	some c in k8s.containers(pod)
	pss.container_sc(c).privileged == true
	path := array.concat(c.path, ["securityContext", "privileged"])
	detail := sprintf(`privileged (container "%s" must not set securityContext.privileged=true)`, [c.name])
}

deny contains pss.strictest("EKS-PSB-002", hs) if some hs in hits
