package eks.rules.net.default_deny_ingress_test

import data.eks.rules.net.default_deny_ingress
import data.eks.test.netpol

_ns := netpol.namespace("shop", {})

test_default_deny_passes if {
	count(default_deny_ingress.deny) == 0 with input as netpol.input_of([_ns, netpol.default_deny("shop")])
	count(default_deny_ingress.deny) == 0 with input as netpol.input_of([_ns, netpol.policy("shop", "d", {"podSelector": {}})])
	count(default_deny_ingress.deny) == 0 with input as netpol.input_of([_ns, netpol.policy("shop", "d", {"podSelector": {}, "ingress": []})])
}

test_podselector_null_from_helm_counts if {
	count(default_deny_ingress.deny) == 0 with input as netpol.input_of([_ns, netpol.policy("shop", "d", {"podSelector": null, "policyTypes": ["Ingress"]})])
}

test_egress_only_policy_without_policy_types_denies_ingress if {
	p := netpol.policy("shop", "eg", {"podSelector": {}, "egress": [{"to": [{"ipBlock": {"cidr": "10.0.0.0/8"}}]}]})
	count(default_deny_ingress.deny) == 0 with input as netpol.input_of([_ns, p])
}

test_ingress_allow_all_is_not_deny_all if {
	p := netpol.policy("shop", "open", {"podSelector": {}, "ingress": [{}]})
	findings := default_deny_ingress.deny with input as netpol.input_of([_ns, p])
	netpol.brief(findings) == {"EKS-NET-002 0 - metadata.name"}
	[f.message | some f in findings] == ["namespace shop has no default-deny ingress NetworkPolicy (podSelector: {}, Ingress in policyTypes, no ingress rules); policy open selects every pod but has ingress rules, so it allows what they list"]
}

test_selector_matching_every_current_pod_does_not_count if {
	objects := [
		_ns,
		netpol.deployment("shop", "web", {"app": "web"}),
		netpol.policy("shop", "web", {"podSelector": {"matchLabels": {"app": "web"}}, "policyTypes": ["Ingress"]}),
	]
	netpol.brief(default_deny_ingress.deny) == {"EKS-NET-002 0 - metadata.name"} with input as netpol.input_of(objects)
}

test_egress_only_policy_types_does_not_deny_ingress if {
	p := netpol.policy("shop", "eg", {"podSelector": {}, "policyTypes": ["Egress"]})
	netpol.brief(default_deny_ingress.deny) == {"EKS-NET-002 0 - metadata.name"} with input as netpol.input_of([_ns, p])
}

test_policy_in_another_namespace if {
	objects := [_ns, netpol.default_deny("other"), netpol.policy("shop", "x", {"podSelector": {"matchLabels": {"a": "b"}}})]
	netpol.brief(default_deny_ingress.deny) == {"EKS-NET-002 0 - metadata.name"} with input as netpol.input_of(objects)
}

test_not_evaluable_only_with_policies_in_the_namespace if {
	# Not authoritative and no policy at all: EKS-NET-001 alone reports the namespace.
	count(default_deny_ingress.deny) == 0 with input as netpol.input_of([netpol.deployment("shop", "web", {})])
	objects := [netpol.deployment("shop", "web", {}), netpol.policy("shop", "x", {"podSelector": {"matchLabels": {"a": "b"}}})]
	netpol.brief(default_deny_ingress.deny) == {"EKS-NET-002 0 info metadata.namespace"} with input as netpol.input_of(objects)
}

test_invalid_policy_does_not_count if {
	p := netpol.policy("shop", "bad", {"podSelector": {"matchExpressions": [{"key": "a", "operator": "In"}]}, "policyTypes": ["Ingress"]})
	netpol.brief(default_deny_ingress.deny) == {"EKS-NET-002 0 - metadata.name"} with input as netpol.input_of([_ns, p])
}

test_several_policies_selecting_every_pod_are_named_in_one_finding if {
	# An ordinary namespace: two policies select every pod, each allowing some ingress.
	same_ns := netpol.policy("shop", "allow-same-namespace", {"podSelector": {}, "ingress": [{"from": [{"podSelector": {}}]}]})
	from_lb := netpol.policy("shop", "allow-from-lb", {"podSelector": {}, "ingress": [{"from": [{"ipBlock": {"cidr": "10.0.0.0/16"}}]}]})
	findings := default_deny_ingress.deny with input as netpol.input_of([_ns, same_ns, from_lb])
	[f.message | some f in findings] == ["namespace shop has no default-deny ingress NetworkPolicy (podSelector: {}, Ingress in policyTypes, no ingress rules); policies allow-from-lb, allow-same-namespace select every pod but have ingress rules, so they allow what they list"]
}
