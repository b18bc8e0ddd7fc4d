# METADATA
# title: allowPrivilegeEscalation false in every namespace
# description: >-
#   Every container should set allowPrivilegeEscalation: false explicitly (it defaults to
#   true), in every namespace: the same requirement as the PSA check allowPrivilegeEscalation
#   (latest policy version, so Windows pods are exempt), applied where the namespace's enforce
#   level does not already include it (there EKS-PSR-002 reports in enforce mode). This is
#   stricter than CIS 4.2.5, which flags only an explicit true. System and exempt namespaces
#   are skipped.
# related_resources:
#   - ref: https://docs.aws.amazon.com/eks/latest/best-practices/pod-security.html
#     description: EKS Best Practices, Do not allow privileged escalation
# custom:
#   id: EKS-POD-006
#   severity: medium
#   mode: enforce
#   input: k8s
#   remediation: >-
#     Set `securityContext.allowPrivilegeEscalation: false` on every container, init
#     container and ephemeral container.
#   fix:
#     before: |
#       securityContext: {}
#     after: |
#       securityContext:
#         allowPrivilegeEscalation: false
#   compliance:
#     cis-eks: ["4.2.5"]
#     eks-bp: ["pods"]
#     nsa-cisa: ["pod-security"]
#   tags: [pod-security, hardening]
package eks.rules.pod.privilege_escalation

import data.eks.lib.k8s
import data.eks.lib.pss
import data.eks.lib.result
import data.eks.rules.psr.allow_privilege_escalation as ape

deny contains result.new("EKS-POD-006", pod.doc, path, msg) if {
	some pod in k8s.pods
	not pss.system_or_exempt(pod.doc.namespace)
	not pss.enforced(pod, "allowPrivilegeEscalation")
	some c in ape.offending(pod, pss.newest_version)
	path := array.concat(c.path, ["securityContext", "allowPrivilegeEscalation"])
	msg := sprintf(
		`container "%s" must set securityContext.allowPrivilegeEscalation=false, even where the namespace does not enforce restricted`,
		[c.name],
	)
}
