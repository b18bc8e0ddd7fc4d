package eks.rules.net.istio_client_tls_test

import data.eks.rules.net.istio_client_tls
import data.eks.test.netpol

_dr(host, spec) := {"apiVersion": "networking.istio.io/v1", "kind": "DestinationRule", "metadata": {"name": "d", "namespace": "shop"}, "spec": object.union({"host": host}, spec)}

_findings(objects) := f if {
	f := istio_client_tls.deny with input as netpol.input_of(objects)
}

test_disable_everywhere if {
	spec := {
		"trafficPolicy": {"tls": {"mode": "DISABLE"}, "portLevelSettings": [{"port": {"number": 80}, "tls": {"mode": "DISABLE"}}]},
		"subsets": [{"name": "v1", "trafficPolicy": {"tls": {"mode": "ISTIO_MUTUAL"}}}, {"name": "v2", "trafficPolicy": {"tls": {"mode": "DISABLE"}}}],
	}
	netpol.brief(_findings([_dr("reviews", spec)])) == {
		"EKS-NET-017 0 - spec.trafficPolicy.tls.mode",
		"EKS-NET-017 0 - spec.trafficPolicy.portLevelSettings.0.tls.mode",
		"EKS-NET-017 0 - spec.subsets.1.trafficPolicy.tls.mode",
	}
}

test_simple_to_external_hosts if {
	simple := {"trafficPolicy": {"tls": {"mode": "SIMPLE"}}}
	[[f.severity, f.mode] | some f in _findings([_dr("api.payments.example.com", simple)])] == [["low", "warn"]]
	count(_findings([_dr("reviews.shop.svc.cluster.local", simple)])) == 0
	count(_findings([_dr("example.com", simple)])) == 0
	entry := {"apiVersion": "networking.istio.io/v1", "kind": "ServiceEntry", "metadata": {"name": "e", "namespace": "shop"}, "spec": {"hosts": ["example.com"]}}
	count(_findings([_dr("example.com", simple), entry])) == 1
	count(_findings([_dr("api.payments.example.com", {"trafficPolicy": {"tls": {"mode": "SIMPLE", "caCertificates": "/etc/ca.pem"}}})])) == 0
	netpol.brief(_findings([_dr("api.payments.example.com", {"trafficPolicy": {"tls": {"mode": "SIMPLE", "credentialName": "c", "insecureSkipVerify": true}}})])) == {"EKS-NET-017 0 low spec.trafficPolicy.tls.insecureSkipVerify"}
}
