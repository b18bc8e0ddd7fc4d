package eks.rules.net.default_deny_egress_test

import data.eks.rules.net.default_deny_egress
import data.eks.test.netpol

_ns := netpol.namespace("shop", {})

test_explicit_egress_passes if {
	count(default_deny_egress.deny) == 0 with input as netpol.input_of([_ns, netpol.default_deny("shop")])
	count(default_deny_egress.deny) == 0 with input as netpol.input_of([_ns, netpol.policy("shop", "d", {"podSelector": null, "policyTypes": ["Egress"], "egress": []})])
}

test_egress_empty_list_without_policy_types_fails if {
	p := netpol.policy("shop", "d", {"podSelector": {}, "egress": []})
	findings := default_deny_egress.deny with input as netpol.input_of([_ns, p])
	netpol.brief(findings) == {"EKS-NET-003 0 - metadata.name"}
	[f.message | some f in findings] == ["namespace shop has no default-deny egress NetworkPolicy (podSelector: {}, Egress listed in policyTypes, no egress rules); policy d selects every pod but does not list Egress in policyTypes, so it does not isolate egress"]
}

test_egress_allow_all_is_not_deny if {
	p := netpol.policy("shop", "d", {"podSelector": {}, "policyTypes": ["Egress"], "egress": [{}]})
	netpol.brief(default_deny_egress.deny) == {"EKS-NET-003 0 - metadata.name"} with input as netpol.input_of([_ns, p])
}

test_exempt_and_not_evaluable if {
	count(default_deny_egress.deny) == 0 with input as netpol.input_of([netpol.namespace("kube-system", {})])
	objects := [netpol.deployment("shop", "web", {}), netpol.policy("shop", "x", {"podSelector": {}})]
	netpol.brief(default_deny_egress.deny) == {"EKS-NET-003 0 info metadata.namespace"} with input as netpol.input_of(objects)
}

test_several_policies_selecting_every_pod_are_named_in_one_finding if {
	a := netpol.policy("shop", "deny-ingress", {"podSelector": {}, "policyTypes": ["Ingress"]})
	b := netpol.policy("shop", "allow-same-namespace", {"podSelector": {}, "ingress": [{"from": [{"podSelector": {}}]}]})
	findings := default_deny_egress.deny with input as netpol.input_of([_ns, a, b])
	[f.message | some f in findings] == ["namespace shop has no default-deny egress NetworkPolicy (podSelector: {}, Egress listed in policyTypes, no egress rules); policies allow-same-namespace, deny-ingress select every pod but do not list Egress in policyTypes, so they do not isolate egress"]
	c := netpol.policy("shop", "egress-dns", {"podSelector": {}, "policyTypes": ["Egress"], "egress": [{"ports": [{"port": 53, "protocol": "UDP"}]}]})
	d := netpol.policy("shop", "egress-web", {"podSelector": {}, "policyTypes": ["Egress"], "egress": [{"ports": [{"port": 443}]}]})
	more := default_deny_egress.deny with input as netpol.input_of([_ns, c, d])
	[f.message | some f in more] == ["namespace shop has no default-deny egress NetworkPolicy (podSelector: {}, Egress listed in policyTypes, no egress rules); policies egress-dns, egress-web select every pod but have egress rules, so they allow what they list"]
}
