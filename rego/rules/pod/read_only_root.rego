# METADATA
# title: Read-only root filesystem
# description: >-
#   A read-only root filesystem stops an attacker from writing tools or persistence into the
#   container image's filesystem; writable paths are mounted explicitly (emptyDir). Every
#   container list is checked; Windows pods (spec.os.name windows), which cannot set it, are
#   skipped, and so are system and exempt namespaces.
# related_resources:
#   - ref: https://docs.aws.amazon.com/eks/latest/best-practices/pod-security.html
#     description: EKS Best Practices, Configure your images with read-only root file system
# custom:
#   id: EKS-POD-003
#   severity: medium
#   mode: enforce
#   input: k8s
#   remediation: >-
#     Set `securityContext.readOnlyRootFilesystem: true` and mount an emptyDir at each path
#     the application writes to (e.g. /tmp).
#   fix:
#     before: |
#       securityContext:
#         allowPrivilegeEscalation: false
#     after: |
#       securityContext:
#         allowPrivilegeEscalation: false
#         readOnlyRootFilesystem: true
#   compliance:
#     eks-bp: ["pods"]
#     nsa-cisa: ["pod-security"]
#   tags: [pod-security, hardening]
package eks.rules.pod.read_only_root

import data.eks.lib.k8s
import data.eks.lib.pss
import data.eks.lib.result

deny contains result.new("EKS-POD-003", pod.doc, path, msg) if {
	some pod in k8s.pods
	not pss.system_or_exempt(pod.doc.namespace)
	not pss.windows(pod)
	some c in k8s.containers(pod)
	object.get(pss.container_sc(c), "readOnlyRootFilesystem", null) != true
	path := array.concat(c.path, ["securityContext", "readOnlyRootFilesystem"])
	msg := sprintf(`container "%s" must set securityContext.readOnlyRootFilesystem=true`, [c.name])
}
