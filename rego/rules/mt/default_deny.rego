# METADATA
# title: Tenant namespaces deny ingress and egress by default
# description: >-
#   Tenants must not reach each other unless allowed: each tenant namespace needs a
#   default-deny NetworkPolicy for ingress and for egress (EKS-NET-002 and EKS-NET-003,
#   rules.md §6.4). Raised to high for tenant namespaces. Tenant namespaces are those with
#   the tenant label; where the scan is not authoritative for one, the finding is info.
# related_resources:
#   - ref: https://docs.aws.amazon.com/eks/latest/best-practices/tenant-isolation.html
#     description: EKS Best Practices, Multi-tenancy, Network policies
# custom:
#   id: EKS-MT-003
#   severity: high
#   mode: enforce
#   input: k8s
#   remediation: >-
#     Add a NetworkPolicy with `podSelector: {}` and `policyTypes: [Ingress, Egress]` and no
#     rules to the tenant namespace, then allow the flows each workload needs.
#   fix:
#     before: |
#       # namespace team-a: no default-deny
#     after: |
#       apiVersion: networking.k8s.io/v1
#       kind: NetworkPolicy
#       metadata:
#         name: default-deny
#         namespace: team-a
#       spec:
#         podSelector: {}
#         policyTypes: [Ingress, Egress]
#   compliance:
#     eks-bp: ["multitenancy", "network"]
#     nsa-cisa: ["network-separation"]
#   tags: [multi-tenancy, network-policy, default-deny]
package eks.rules.mt.default_deny

import data.eks.lib.netpol
import data.eks.lib.tenants

_missing(ns) := [d | some d in ["ingress", "egress"]; not _has(ns, d)]

_has(ns, "ingress") if netpol.default_deny_ingress[ns]

_has(ns, "egress") if netpol.default_deny_egress[ns]

deny contains netpol.namespace_finding("EKS-MT-003", ns, msg) if {
	some ns, tenant in tenants.namespaces
	missing := _missing(ns)
	count(missing) > 0
	msg := sprintf("tenant namespace %s (tenant %s) has no default-deny %s NetworkPolicy: other tenants' pods can reach it or be reached from it", [ns, tenant, concat(" or ", missing)])
}
