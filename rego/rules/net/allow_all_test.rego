package eks.rules.net.allow_all_test

import data.eks.rules.net.allow_all
import data.eks.test.netpol

_findings(spec) := f if {
	f := allow_all.deny with input as netpol.input_of([netpol.policy("shop", "p", spec)])
}

test_namespace_wide_allow_all_ingress if {
	findings := _findings({"podSelector": {}, "ingress": [{}]})
	netpol.brief(findings) == {"EKS-NET-006 0 - spec.ingress.0"}
	[f.message | some f in findings] == ["NetworkPolicy shop/p allows all ingress to every pod of namespace shop, voiding its default-deny ingress: spec.ingress[0] allows everything (it has no from and no ports)"]
}

test_workload_scoped_allow_all_is_low if {
	findings := _findings({"podSelector": {"matchLabels": {"app": "frontend"}}, "policyTypes": ["Ingress", "Egress"], "ingress": [{}], "egress": [{}]})
	netpol.brief(findings) == {"EKS-NET-006 0 low spec.ingress.0", "EKS-NET-006 0 low spec.egress.0"}
	"NetworkPolicy shop/p allows all egress to the pods it selects (app=frontend): spec.egress[0] allows everything (it has no to and no ports)" in {f.message | some f in findings}
}

test_every_namespace_peer if {
	netpol.brief(_findings({"podSelector": {}, "ingress": [{"from": [{"namespaceSelector": {}}]}]})) == {"EKS-NET-006 0 - spec.ingress.0"}
}

test_and_peer_is_narrow_or_peers_are_not if {
	and_spec := {"podSelector": {}, "ingress": [{"from": [{"namespaceSelector": {}, "podSelector": {"matchLabels": {"app": "db"}}}]}]}
	or_spec := {"podSelector": {}, "ingress": [{"from": [{"namespaceSelector": {}}, {"podSelector": {"matchLabels": {"app": "db"}}}]}]}
	count(_findings(and_spec)) == 0
	netpol.brief(_findings(or_spec)) == {"EKS-NET-006 0 - spec.ingress.0"}
}

test_ports_narrow_it if {
	count(_findings({"podSelector": {}, "ingress": [{"ports": [{"port": 8080}]}]})) == 0
}

test_internet_egress if {
	netpol.brief(_findings({"podSelector": {}, "policyTypes": ["Egress"], "egress": [{"to": [{"ipBlock": {"cidr": "0.0.0.0/0"}}]}]})) == {"EKS-NET-006 0 - spec.egress.0"}
	count(_findings({"podSelector": {}, "policyTypes": ["Egress"], "egress": [{"to": [{"ipBlock": {"cidr": "0.0.0.0/0", "except": ["169.254.169.254/32"]}}]}]})) == 0
}

test_internet_egress_on_443_is_a_warning if {
	findings := _findings({"podSelector": {}, "policyTypes": ["Egress"], "egress": [{"to": [{"ipBlock": {"cidr": "0.0.0.0/0"}}], "ports": [{"port": 443, "protocol": "TCP"}]}]})
	[[f.severity, f.mode] | some f in findings] == [["low", "warn"]]
}

test_within_namespace_is_info if {
	findings := _findings({"podSelector": {}, "ingress": [{"from": [{"podSelector": {}}]}]})
	netpol.brief(findings) == {"EKS-NET-006 0 info spec.ingress.0.from.0"}
}

test_direction_not_in_policy_types_is_ignored if {
	count(_findings({"podSelector": {}, "policyTypes": ["Ingress"], "egress": [{}]})) == 0
}

test_exempt_namespace if {
	count(allow_all.deny) == 0 with input as netpol.input_of([netpol.policy("kube-system", "p", {"podSelector": {}, "ingress": [{}]})])
}
