package eks.rules.net.external_ips_test

import data.eks.rules.net.external_ips
import data.eks.test.netpol

_svc(spec) := {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "s", "namespace": "shop"}, "spec": spec}

test_external_ips if {
	findings := external_ips.deny with input as netpol.input_of([_svc({"externalIPs": ["203.0.113.10"]})])
	netpol.brief(findings) == {"EKS-NET-018 0 - spec.externalIPs"}
	[f.message | some f in findings] == ["Service shop/s sets spec.externalIPs (203.0.113.10): nodes will route traffic for these addresses to it (CVE-2020-8554)"]
	count(external_ips.deny) == 0 with input as netpol.input_of([_svc({"externalIPs": []})])
	count(external_ips.deny) == 0 with input as netpol.input_of([_svc({"type": "ClusterIP"})])
	count(external_ips.deny) == 0 with input as netpol.input_of([_svc("x")])
}
