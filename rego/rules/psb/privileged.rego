# METADATA
# title: No privileged containers
# description: >-
#   A privileged container has every capability and access to the node's devices: it is
#   root on the node. Checked on init, regular and ephemeral containers of every pod carrier.
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
import data.eks.lib.result

deny contains result.with_mode("EKS-PSB-002", pod.doc, path, msg, v.mode) if {
	some pod in k8s.pods
	some c in k8s.containers(pod)
	c.container.securityContext.privileged == true
	v := pss.violation(pod, "baseline")
	path := array.concat(c.path, ["securityContext", "privileged"])
	msg := pss.message(v, sprintf("privileged (container \"%s\" must not set securityContext.privileged=true)", [c.name]))
}
