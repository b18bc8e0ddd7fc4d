package eks.rules.net.egress_isolation_test

import data.eks.rules.net.egress_isolation
import data.eks.test.netpol

_ns := netpol.namespace("shop", {})

test_uncovered_fails if {
	objects := [_ns, netpol.deployment("shop", "web", {"app": "web"}), netpol.policy("shop", "in", {"podSelector": {}})]
	findings := egress_isolation.deny with input as netpol.input_of(objects)
	netpol.brief(findings) == {"EKS-NET-005 1 - spec.template.metadata.labels"}
	[f.message | some f in findings] == ["Deployment shop/web is not egress-isolated: no NetworkPolicy in namespace shop selects its pods (app=web) with Egress in its policyTypes"]
}

test_egress_empty_list_without_policy_types_does_not_isolate if {
	objects := [_ns, netpol.deployment("shop", "web", {"app": "web"}), netpol.policy("shop", "d", {"podSelector": {}, "egress": []})]
	count(egress_isolation.deny) == 1 with input as netpol.input_of(objects)
}

test_egress_rules_without_policy_types_isolate if {
	objects := [_ns, netpol.deployment("shop", "web", {"app": "web"}), netpol.policy("shop", "d", {"podSelector": {}, "egress": [{"ports": [{"port": 53, "protocol": "UDP"}]}]})]
	count(egress_isolation.deny) == 0 with input as netpol.input_of(objects)
}

test_default_deny_covers_every_workload if {
	objects := [_ns, netpol.deployment("shop", "web", {"app": "web"}), netpol.deployment("shop", "api", {}), netpol.default_deny("shop")]
	count(egress_isolation.deny) == 0 with input as netpol.input_of(objects)
}

test_host_network_is_left_to_net_004 if {
	objects := [_ns, netpol.deployment_with("shop", "agent", {}, {"hostNetwork": true, "containers": []})]
	count(egress_isolation.deny) == 0 with input as netpol.input_of(objects)
}
