package eks.rules.net.dns_egress_test

import data.eks.rules.net.dns_egress
import data.eks.test.netpol

_ns := netpol.namespace("shop", {})

test_default_deny_egress_without_dns_warns if {
	objects := [_ns, netpol.deployment("shop", "web", {"app": "web"}), netpol.default_deny("shop")]
	findings := dns_egress.deny with input as netpol.input_of(objects)
	netpol.brief(findings) == {"EKS-NET-007 1 - spec.template.metadata.labels"}
	[f.message | some f in findings] == ["Deployment shop/web is egress-isolated (by default-deny) but no policy selecting it allows DNS (UDP port 53 to kube-dns in kube-system): its name lookups will fail"]
}

test_dns_policy_passes if {
	objects := [_ns, netpol.deployment("shop", "web", {"app": "web"}), netpol.default_deny("shop"), netpol.allow_dns("shop")]
	count(dns_egress.deny) == 0 with input as netpol.input_of(objects)
}

test_dns_in_another_namespace_does_not_help if {
	objects := [_ns, netpol.deployment("shop", "web", {"app": "web"}), netpol.default_deny("shop"), netpol.allow_dns("other")]
	count(dns_egress.deny) == 1 with input as netpol.input_of(objects)
}

test_not_egress_isolated_passes if {
	objects := [_ns, netpol.deployment("shop", "web", {"app": "web"}), netpol.policy("shop", "in", {"podSelector": {}})]
	count(dns_egress.deny) == 0 with input as netpol.input_of(objects)
}
