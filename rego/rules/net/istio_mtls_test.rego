package eks.rules.net.istio_mtls_test

import data.eks.rules.net.istio_mtls
import data.eks.test.netpol

_pa(ns, name, spec) := {"apiVersion": "security.istio.io/v1", "kind": "PeerAuthentication", "metadata": {"name": name, "namespace": ns}, "spec": spec}

_vs := {"apiVersion": "networking.istio.io/v1", "kind": "VirtualService", "metadata": {"name": "vs", "namespace": "shop"}, "spec": {}}

_brief(objects) := netpol.brief(f) if {
	f := istio_mtls.deny with input as netpol.input_of(objects)
}

test_mesh_wide_strict_passes if {
	_brief([_vs, _pa("istio-system", "default", {"mtls": {"mode": "STRICT"}})]) == set()
}

test_no_istio_no_finding if {
	_brief([netpol.deployment("shop", "web", {})]) == set()
}

test_missing_mesh_wide if {
	_brief([_vs]) == {"EKS-NET-016 0 info kind"}
	_brief([_vs, netpol.namespace("istio-system", {})]) == {"EKS-NET-016 0 - kind"}
	_brief([_vs, _pa("istio-system", "w", {"selector": {"matchLabels": {"app": "x"}}, "mtls": {"mode": "STRICT"}})]) == {"EKS-NET-016 0 info kind"}
}

test_mesh_wide_not_strict if {
	_brief([_pa("istio-system", "default", {"mtls": {"mode": "PERMISSIVE"}})]) == {"EKS-NET-016 0 - spec.mtls.mode"}
	findings := istio_mtls.deny with input as netpol.input_of([_pa("istio-system", "default", {})])
	[f.message | some f in findings] == ["mesh-wide PeerAuthentication istio-system/default sets mtls.mode UNSET (unset means PERMISSIVE at mesh level): every workload without its own policy accepts plaintext"]
}

test_weaker_overrides if {
	mesh := _pa("istio-system", "default", {"mtls": {"mode": "STRICT"}})
	_brief([mesh, _pa("shop", "ns", {"mtls": {"mode": "PERMISSIVE"}})]) == {"EKS-NET-016 1 - spec.mtls.mode"}
	_brief([mesh, _pa("shop", "w", {"selector": {"matchLabels": {"app": "web"}}, "mtls": {"mode": "DISABLE"}})]) == {"EKS-NET-016 1 - spec.mtls.mode"}
	_brief([mesh, _pa("shop", "w", {"selector": {"matchLabels": {"app": "web"}}, "portLevelMtls": {"8080": {"mode": "DISABLE"}}})]) == {"EKS-NET-016 1 - spec.portLevelMtls.8080.mode"}
	_brief([mesh, _pa("shop", "ns", {"mtls": {"mode": "STRICT"}})]) == set()
}

test_conflicts if {
	a := _pa("istio-system", "a", {"mtls": {"mode": "STRICT"}})
	b := _pa("istio-system", "b", {"mtls": {"mode": "STRICT"}})
	_brief([a, b]) == {"EKS-NET-016 0 - metadata.name", "EKS-NET-016 1 - metadata.name"}
}
