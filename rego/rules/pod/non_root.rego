# METADATA
# title: Non-root in every namespace
# description: >-
#   Containers should not run as root in any namespace, not only where the namespace enforces
#   the restricted level: the same requirements as the PSA checks runAsNonRoot and runAsUser
#   (latest policy version), applied where the namespace's enforce level does not already
#   include them (there EKS-PSR-003 and EKS-PSR-004 report in enforce mode). System and exempt
#   namespaces are skipped.
# related_resources:
#   - ref: https://docs.aws.amazon.com/eks/latest/best-practices/pod-security.html
#     description: EKS Best Practices, Do not run processes in containers as root
#   - ref: https://docs.aws.amazon.com/eks/latest/best-practices/identity-and-access-management.html
#     description: EKS Best Practices, Run the application as a non-root user
# custom:
#   id: EKS-POD-005
#   severity: medium
#   mode: enforce
#   input: k8s
#   remediation: >-
#     Set `securityContext.runAsNonRoot: true` at pod level, remove `runAsNonRoot: false` and
#     `runAsUser: 0`, and build the image with a non-root USER.
#   fix:
#     before: |
#       securityContext:
#         runAsUser: 0
#     after: |
#       securityContext:
#         runAsNonRoot: true
#         runAsUser: 10001
#   compliance:
#     cis-eks: ["4.2.6"]
#     eks-bp: ["pods", "iam"]
#     nsa-cisa: ["pod-security"]
#   tags: [pod-security, hardening]
package eks.rules.pod.non_root

import data.eks.lib.k8s
import data.eks.lib.pss
import data.eks.lib.result
import data.eks.rules.psr.run_as_non_root
import data.eks.rules.psr.run_as_user

deny contains result.new("EKS-POD-005", pod.doc, path, msg) if {
	some pod in k8s.pods
	not pss.system_or_exempt(pod.doc.namespace)
	not pss.enforced(pod, "runAsNonRoot")
	some [path, detail] in run_as_non_root.problems(pod, pss.newest_version)
	msg := concat("", [detail, ", even where the namespace does not enforce restricted"])
}

deny contains result.new("EKS-POD-005", pod.doc, path, msg) if {
	some pod in k8s.pods
	not pss.system_or_exempt(pod.doc.namespace)
	not pss.enforced(pod, "runAsUser")
	some [path, setter] in run_as_user.problems(pod, pss.newest_version)
	msg := sprintf("%s must not set runAsUser=0, even where the namespace does not enforce restricted", [setter])
}
