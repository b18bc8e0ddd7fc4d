package eks.rules.net.namespace_policies_test

import data.eks.rules.net.namespace_policies
import data.eks.test.netpol

test_authoritative_namespace_without_policy_fails if {
	inp := netpol.input_of([netpol.namespace("shop", {}), netpol.deployment("shop", "web", {"app": "web"})])
	netpol.brief(namespace_policies.deny) == {"EKS-NET-001 0 - metadata.name"} with input as inp
}

test_namespace_not_in_scan_is_not_evaluable if {
	inp := netpol.input_of([netpol.deployment("shop", "web", {"app": "web"})])
	findings := namespace_policies.deny with input as inp
	netpol.brief(findings) == {"EKS-NET-001 0 info metadata.namespace"}
	[f.message | some f in findings] == ["not evaluable (the scan is not authoritative for namespace shop): namespace shop has no NetworkPolicy: every pod in it accepts traffic from anywhere and may connect anywhere"]
}

test_authoritative_by_config if {
	inp := netpol.input_with([netpol.deployment("shop", "web", {"app": "web"})], {"namespaces": {"system": [], "authoritative": "all"}})
	netpol.brief(namespace_policies.deny) == {"EKS-NET-001 0 - metadata.namespace"} with input as inp
}

test_namespace_with_a_policy_passes if {
	inp := netpol.input_of([netpol.namespace("shop", {}), netpol.policy("shop", "p", {"podSelector": {"matchLabels": {"app": "x"}}})])
	count(namespace_policies.deny) == 0 with input as inp
}

test_policy_in_another_namespace_does_not_count if {
	inp := netpol.input_of([netpol.namespace("shop", {}), netpol.default_deny("other")])
	netpol.brief(namespace_policies.deny) == {"EKS-NET-001 0 - metadata.name"} with input as inp
}

test_system_namespaces_are_exempt if {
	inp := netpol.input_of([netpol.namespace("kube-system", {}), netpol.deployment("kube-system", "coredns", {"k8s-app": "kube-dns"})])
	count(namespace_policies.deny) == 0 with input as inp
}
