# METADATA
# title: Every namespace has a NetworkPolicy
# description: >-
#   A namespace without any NetworkPolicy lets every pod talk to every pod of the cluster
#   and to the internet. The namespaces are the Namespace objects of the scan plus every
#   namespace a namespaced object uses (a missing metadata.namespace is the default
#   namespace, or the configured one); system namespaces (config namespaces.system) are
#   exempt. Where the scan is not authoritative for a namespace (its Namespace object is not
#   scanned), the policies may live elsewhere, so the finding is info ("not evaluable").
# related_resources:
#   - ref: https://docs.aws.amazon.com/eks/latest/best-practices/network-security.html
#     description: EKS Best Practices, Network security, Network policy
# custom:
#   id: EKS-NET-001
#   severity: medium
#   mode: enforce
#   input: k8s
#   remediation: >-
#     Add NetworkPolicies to the namespace, starting with a default-deny for ingress and
#     egress (`podSelector: {}`, `policyTypes: [Ingress, Egress]`) and then one allow-policy
#     per flow the workloads need. If the namespace's policies are managed in another
#     repository, exempt it (`namespaces.system`) or suppress the finding with a reason.
#   fix:
#     before: |
#       # no NetworkPolicy in namespace shop
#     after: |
#       apiVersion: networking.k8s.io/v1
#       kind: NetworkPolicy
#       metadata:
#         name: default-deny
#         namespace: shop
#       spec:
#         podSelector: {}
#         policyTypes: [Ingress, Egress]
#   compliance:
#     cis-eks: ["4.3.2"]
#     eks-bp: ["network"]
#     nsa-cisa: ["network-separation"]
#   tags: [network, network-policy]
package eks.rules.net.namespace_policies

import data.eks.lib.netpol

deny contains netpol.namespace_finding("EKS-NET-001", ns, msg) if {
	some ns in netpol.checked_namespaces
	not netpol.has_policies(ns)
	msg := sprintf("namespace %s has no NetworkPolicy: every pod in it accepts traffic from anywhere and may connect anywhere", [ns])
}
