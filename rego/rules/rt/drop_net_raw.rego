# METADATA
# title: At least NET_RAW (ideally ALL) dropped in baseline namespaces
# description: >-
#   NET_RAW is in the runtime's default capability set and lets a container craft packets:
#   ARP and DNS spoofing of its neighbours. Baseline Pod Security does not remove it. Checked
#   in namespaces whose enforced level is baseline (restricted namespaces require dropping ALL
#   already, privileged ones run node agents); Windows pods are exempt. Names are compared
#   after upper-casing and removing a `CAP_` prefix.
# related_resources:
#   - ref: https://docs.aws.amazon.com/eks/latest/best-practices/pod-security.html
#     description: EKS Best Practices, Linux capabilities
#   - ref: https://avd.aquasec.com/misconfig/ksv0004
#     description: Trivy KSV-0004
# custom:
#   id: EKS-RT-004
#   severity: low
#   mode: enforce
#   input: k8s
#   remediation: >-
#     Add `securityContext.capabilities.drop: ["ALL"]` and add back only what the container
#     needs.
#   fix:
#     before: |
#       securityContext: {}
#     after: |
#       securityContext:
#         capabilities:
#           drop: ["ALL"]
#   compliance:
#     eks-bp: ["runtime", "pods"]
#   tags: [runtime, capabilities]
package eks.rules.rt.drop_net_raw

import data.eks.lib.k8s
import data.eks.lib.pss
import data.eks.lib.result

_drops(container) := {trim_prefix(upper(d), "CAP_") | some d in container.securityContext.capabilities.drop; is_string(d)}

deny contains result.new("EKS-RT-004", pod.doc, array.concat(c.path, ["securityContext", "capabilities", "drop"]), msg) if {
	some pod in k8s.pods
	not pod.spec.os.name == "windows"
	pss.level(pod.doc.namespace, "enforce") == "baseline"
	some c in k8s.containers(pod)
	count(_drops(c.container) & {"ALL", "NET_RAW"}) == 0
	msg := sprintf(`container "%s" keeps NET_RAW (capabilities.drop has neither ALL nor NET_RAW): it can craft packets to spoof its neighbours`, [c.name])
}
