# METADATA
# title: DNS egress allowed where egress is denied
# description: >-
#   A workload whose egress is isolated (by the namespace's default-deny or its own policy)
#   can resolve names only if a policy selecting it allows UDP port 53 (or a named DNS
#   port) towards the cluster DNS: no `to` peers, an ipBlock (node-local DNS), or
#   kube-system's kube-dns pods (namespaceSelector kubernetes.io/metadata.name: kube-system,
#   podSelector k8s-app: kube-dns). Without it every lookup times out. Host-network pods
#   are skipped (NetworkPolicy does not apply to them).
# related_resources:
#   - ref: https://docs.aws.amazon.com/eks/latest/best-practices/network-security.html
#     description: EKS Best Practices, Network security, Create a rule to allow DNS queries
# custom:
#   id: EKS-NET-007
#   severity: low
#   mode: warn
#   input: k8s
#   remediation: >-
#     Add an egress policy for the namespace that allows UDP and TCP port 53 to the kube-dns
#     pods of kube-system (both selectors in one `to` element).
#   fix:
#     before: |
#       spec:
#         podSelector: {}
#         policyTypes: [Ingress, Egress]
#     after: |
#       spec:
#         podSelector: {}
#         policyTypes: [Egress]
#         egress:
#           - to:
#               - namespaceSelector:
#                   matchLabels:
#                     kubernetes.io/metadata.name: kube-system
#                 podSelector:
#                   matchLabels:
#                     k8s-app: kube-dns
#             ports:
#               - { protocol: UDP, port: 53 }
#               - { protocol: TCP, port: 53 }
#   compliance:
#     eks-bp: ["network"]
#   tags: [network, network-policy, dns]
package eks.rules.net.dns_egress

import data.eks.lib.netpol

deny contains netpol.scoped_finding("EKS-NET-007", w.pod.doc, w.labels_path, msg, w.ns) if {
	some id, w in netpol.workloads
	not netpol.exempt(w.ns)
	netpol.workload_isolated(id, "Egress")
	not netpol.workload_dns_allowed(id)
	msg := sprintf("%s is egress-isolated (by %s) but no policy selecting it allows DNS (UDP port 53 to kube-dns in kube-system): its name lookups will fail", [netpol.describe(w), concat(", ", netpol.workload_isolating_names(id, "Egress"))])
}
