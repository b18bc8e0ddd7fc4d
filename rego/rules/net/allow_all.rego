# METADATA
# title: No allow-all rules undo isolation
# description: >-
#   NetworkPolicies only add allowances, so one rule that allows everything voids every
#   default-deny of the pods it selects. A rule allows all when it has no ports and either no
#   peers (`ingress: [{}]`, `from: []`), or a peer `namespaceSelector: {}` without a
#   podSelector (every pod of every namespace; a podSelector in the same element narrows it,
#   a separate element does not), or an ipBlock 0.0.0.0/0 or ::/0 without except. In a
#   policy with an empty podSelector it voids the namespace's default-deny (medium); in a
#   policy for some workloads it opens those (low). Egress to 0.0.0.0/0 on port 443 only is a
#   warning, and `- podSelector: {}` (every pod of the namespace) is reported for
#   information.
# related_resources:
#   - ref: https://docs.aws.amazon.com/eks/latest/best-practices/network-security.html
#     description: EKS Best Practices, Network security, Incrementally add rules
#   - ref: https://kubernetes.io/docs/concepts/services-networking/network-policies/#behavior-of-to-and-from-selectors
#     description: Kubernetes, Behavior of to and from selectors
# custom:
#   id: EKS-NET-006
#   severity: medium
#   mode: enforce
#   input: k8s
#   remediation: >-
#     Replace the allow-all rule with rules that name their peers (podSelector,
#     namespaceSelector with labels, or narrow ipBlocks) and ports. To allow one namespace's
#     pods, put namespaceSelector and podSelector in the same `from` element.
#   fix:
#     before: |
#       ingress:
#         - {}
#     after: |
#       ingress:
#         - from:
#             - namespaceSelector:
#                 matchLabels:
#                   kubernetes.io/metadata.name: storefront
#               podSelector:
#                 matchLabels:
#                   app: frontend
#           ports:
#             - port: 8080
#   compliance:
#     eks-bp: ["network"]
#     nsa-cisa: ["network-separation"]
#   tags: [network, network-policy]
package eks.rules.net.allow_all

import data.eks.lib.netpol

_direction := {"ingress": "Ingress", "egress": "Egress"}

_peer_key := {"ingress": "from", "egress": "to"}

_checked(p) if {
	p.valid
	not netpol.exempt(p.ns)
}

_selector_text(p) := netpol.labels_text(ml) if {
	ml := object.get(p.selector, "matchLabels", {})
	is_object(ml)
	count(ml) > 0
	count(netpol.as_list(object.get(p.selector, "matchExpressions", []))) == 0
} else := "as its podSelector's expressions say"

_what(rule, dir) := sprintf("it has no %s and no ports", [_peer_key[dir]]) if {
	not _has_peers(rule, dir)
} else := "a peer selects every namespace (namespaceSelector: {} without podSelector) and it has no ports" if {
	some peer in netpol.as_list(rule[_peer_key[dir]])
	is_object(peer.namespaceSelector)
	netpol.empty_selector(peer.namespaceSelector)
} else := "a peer is ipBlock 0.0.0.0/0 or ::/0 without except, and it has no ports"

_has_peers(rule, dir) if count(netpol.as_list(rule[_peer_key[dir]])) > 0

deny contains netpol.finding("EKS-NET-006", p.doc, ["spec", dir, i], msg, _severity(p)) if {
	some _, p in netpol.policies
	_checked(p)
	some dir in ["ingress", "egress"]
	_direction[dir] in p.types
	some i in netpol.allow_all_rules(p.spec, dir)
	rule := p.spec[dir][i]
	msg := sprintf("NetworkPolicy %s/%s allows all %s to %s: spec.%s[%d] allows everything (%s)", [p.ns, p.name, dir, _to_whom(p, dir), dir, i, _what(rule, dir)])
}

_severity(p) := {} if p.empty_selector

else := {"severity": "low"}

_to_whom(p, dir) := sprintf("every pod of namespace %s, voiding its default-deny %s", [p.ns, dir]) if {
	p.empty_selector
} else := sprintf("the pods it selects (%s)", [_selector_text(p)])

# Namespace-wide egress to the whole internet on HTTPS only: allowed, with a warning.
deny contains netpol.finding("EKS-NET-006", p.doc, ["spec", "egress", i], msg, {"severity": "low", "mode": "warn"}) if {
	some _, p in netpol.policies
	_checked(p)
	p.empty_selector
	"Egress" in p.types
	some i, rule in netpol.rules_of(p.spec, "egress")
	some peer in netpol.as_list(rule.to)
	peer.ipBlock.cidr in {"0.0.0.0/0", "::/0"}
	count(netpol.as_list(object.get(peer.ipBlock, "except", []))) == 0
	ports := netpol.as_list(rule.ports)
	count(ports) > 0
	every port in ports {
		port.port == 443
		is_null(object.get(port, "endPort", null))
	}
	msg := sprintf("NetworkPolicy %s/%s lets every pod of namespace %s reach any address on port 443 (spec.egress[%d]): allowed, but list the destinations if you can", [p.ns, p.name, p.ns, i])
}

# `- podSelector: {}` alone: every pod of the policy's own namespace (the BP's first step).
deny contains netpol.finding("EKS-NET-006", p.doc, ["spec", dir, i, key, j], msg, {"severity": "info"}) if {
	some _, p in netpol.policies
	_checked(p)
	p.empty_selector
	some dir in ["ingress", "egress"]
	_direction[dir] in p.types
	key := _peer_key[dir]
	some i, rule in netpol.rules_of(p.spec, dir)
	not i in netpol.allow_all_rules(p.spec, dir)
	some j, peer in netpol.as_list(rule[key])
	netpol.empty_selector(peer.podSelector)
	is_null(object.get(peer, "namespaceSelector", null))
	msg := sprintf("NetworkPolicy %s/%s allows %s between all pods of namespace %s (spec.%s[%d].%s[%d] is podSelector: {}): fine as a first step, narrow it per workload later", [p.ns, p.name, dir, p.ns, dir, i, key, j])
}
