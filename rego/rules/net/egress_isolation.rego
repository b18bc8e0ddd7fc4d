# METADATA
# title: Every workload is egress-isolated
# description: >-
#   Each workload's pods must be selected by at least one NetworkPolicy with Egress in its
#   effective policyTypes (explicit policyTypes, or egress rules without policyTypes), in
#   the workload's namespace, matched on the pod-template labels. Otherwise a compromised
#   pod can reach any address, including the instance metadata service and the internet.
#   Host-network pods are reported by EKS-NET-004. Where the scan is not authoritative for
#   the namespace, findings are info ("not evaluable").
# related_resources:
#   - ref: https://docs.aws.amazon.com/eks/latest/best-practices/network-security.html
#     description: EKS Best Practices, Network security, Network policy
# custom:
#   id: EKS-NET-005
#   severity: medium
#   mode: enforce
#   input: k8s
#   remediation: >-
#     Add a default-deny egress policy to the namespace (`podSelector: {}`, `policyTypes:
#     [Egress]`), allow DNS, and allow each destination the workload needs with a policy
#     that selects its pod-template labels and lists `Egress` in policyTypes.
#   fix:
#     before: |
#       spec:
#         podSelector: {}
#         egress: []
#     after: |
#       spec:
#         podSelector: {}
#         policyTypes: [Egress]
#   compliance:
#     eks-bp: ["network"]
#     nsa-cisa: ["network-separation"]
#   tags: [network, network-policy, coverage]
package eks.rules.net.egress_isolation

import data.eks.lib.netpol

deny contains netpol.scoped_finding("EKS-NET-005", w.pod.doc, w.labels_path, msg, w.ns) if {
	some id, w in netpol.workloads
	not netpol.exempt(w.ns)
	not netpol.host_network(w)
	not netpol.workload_isolated(id, "Egress")
	_checked(w.ns)
	msg := _message(id, w)
}

_checked(ns) if netpol.authoritative(ns)

_checked(ns) if netpol.has_policies(ns)

_message(id, w) := sprintf("%s is not egress-isolated: its pods are matched by SecurityGroupPolicy %s and the VPC CNI enforces security groups in strict mode, so NetworkPolicy does not apply", [netpol.describe(w), concat(", ", netpol.workload_sgp_names(id))]) if {
	count(netpol.workload_isolating_names(id, "Egress")) > 0
} else := sprintf("%s is not egress-isolated: no NetworkPolicy in namespace %s selects its pods (%s) with Egress in its policyTypes", [netpol.describe(w), w.ns, netpol.labels_text(w.labels)])
