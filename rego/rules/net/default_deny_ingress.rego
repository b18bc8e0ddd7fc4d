# METADATA
# title: Default-deny ingress in every namespace
# description: >-
#   Each namespace needs a policy that denies all ingress by default: `podSelector: {}`
#   (omitted or null counts as empty), Ingress in the effective policyTypes, and no ingress
#   rules (`ingress` absent or []). A selector that happens to match every current pod does
#   not count: new pods would not match it. `ingress: [{}]` allows everything, it does not
#   deny. Checked where the namespace has NetworkPolicies in the scan or the scan is
#   authoritative for it; elsewhere the finding is info ("not evaluable").
# related_resources:
#   - ref: https://docs.aws.amazon.com/eks/latest/best-practices/network-security.html
#     description: EKS Best Practices, Network security, Create a default deny policy
#   - ref: https://kubernetes.io/docs/concepts/services-networking/network-policies/#default-deny-all-ingress-traffic
#     description: Kubernetes, Network Policies, Default deny all ingress traffic
# custom:
#   id: EKS-NET-002
#   severity: high
#   mode: enforce
#   input: k8s
#   remediation: >-
#     Add a NetworkPolicy with `podSelector: {}` and `policyTypes: [Ingress]` (or
#     `[Ingress, Egress]`) and no `ingress` rules to the namespace; then allow each needed
#     flow with a policy that selects the receiving pods.
#   fix:
#     before: |
#       spec:
#         podSelector: {}
#         ingress:
#           - {}
#     after: |
#       spec:
#         podSelector: {}
#         policyTypes: [Ingress, Egress]
#   compliance:
#     cis-eks: ["4.3.2"]
#     eks-bp: ["network", "multitenancy"]
#     nsa-cisa: ["network-separation"]
#   tags: [network, network-policy, default-deny]
package eks.rules.net.default_deny_ingress

import data.eks.lib.netpol

deny contains netpol.namespace_finding("EKS-NET-002", ns, msg) if {
	some ns in netpol.checked_namespaces
	_checked(ns)
	not netpol.default_deny_ingress[ns]
	msg := concat("", [sprintf("namespace %s has no default-deny ingress NetworkPolicy (podSelector: {}, Ingress in policyTypes, no ingress rules)", [ns]), _hint(ns)])
}

_checked(ns) if netpol.authoritative(ns)

_checked(ns) if netpol.has_policies(ns)

# The near miss, if any: a namespace-wide policy that isolates ingress but allows some.
# Several policies may select every pod: the hint names all of them (one message per policy
# would give the function conflicting values and fail the evaluation).
_hint(ns) := netpol.every_pod_hint(
	names,
	"has ingress rules, so it allows what they list",
	"have ingress rules, so they allow what they list",
) if {
	names := {p.name | some p in netpol.every_pod_policies(ns); "Ingress" in p.types}
	count(names) > 0
} else := ""
