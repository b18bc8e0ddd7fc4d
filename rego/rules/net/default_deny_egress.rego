# METADATA
# title: Default-deny egress in every namespace
# description: >-
#   Each namespace needs a policy that denies all egress by default: `podSelector: {}`,
#   Egress listed explicitly in policyTypes (without policyTypes, `egress: []` does not
#   isolate egress at all), and no egress rules. Checked where the namespace has
#   NetworkPolicies in the scan or the scan is authoritative for it; elsewhere the finding
#   is info ("not evaluable").
# related_resources:
#   - ref: https://docs.aws.amazon.com/eks/latest/best-practices/network-security.html
#     description: EKS Best Practices, Network security, Create a default deny policy
#   - ref: https://kubernetes.io/docs/concepts/services-networking/network-policies/#default-deny-all-egress-traffic
#     description: Kubernetes, Network Policies, Default deny all egress traffic
# custom:
#   id: EKS-NET-003
#   severity: medium
#   mode: enforce
#   input: k8s
#   remediation: >-
#     Add `Egress` to the policyTypes of the namespace's default-deny policy (`podSelector:
#     {}`, no `egress` rules), then allow DNS and each needed destination explicitly.
#   fix:
#     before: |
#       spec:
#         podSelector: {}
#         egress: []
#     after: |
#       spec:
#         podSelector: {}
#         policyTypes: [Ingress, Egress]
#   compliance:
#     eks-bp: ["network"]
#     nsa-cisa: ["network-separation"]
#   tags: [network, network-policy, default-deny]
package eks.rules.net.default_deny_egress

import data.eks.lib.netpol

deny contains netpol.namespace_finding("EKS-NET-003", ns, msg) if {
	some ns in netpol.checked_namespaces
	_checked(ns)
	not netpol.default_deny_egress[ns]
	msg := concat("", [sprintf("namespace %s has no default-deny egress NetworkPolicy (podSelector: {}, Egress listed in policyTypes, no egress rules)", [ns]), _hint(ns)])
}

_checked(ns) if netpol.authoritative(ns)

_checked(ns) if netpol.has_policies(ns)

# Several policies may select every pod: the hint names all of them (one message per policy
# would give the function conflicting values and fail the evaluation).
_hint(ns) := netpol.every_pod_hint(
	names,
	"does not list Egress in policyTypes, so it does not isolate egress",
	"do not list Egress in policyTypes, so they do not isolate egress",
) if {
	names := {p.name |
		some p in netpol.every_pod_policies(ns)
		not "Egress" in p.types
		count(netpol.rules_of(p.spec, "egress")) == 0
	}
	count(names) > 0
} else := netpol.every_pod_hint(
	names,
	"has egress rules, so it allows what they list",
	"have egress rules, so they allow what they list",
) if {
	names := {p.name | some p in netpol.every_pod_policies(ns); "Egress" in p.types}
	count(names) > 0
} else := ""
