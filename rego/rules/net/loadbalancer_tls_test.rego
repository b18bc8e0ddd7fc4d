package eks.rules.net.loadbalancer_tls_test

import data.eks.rules.net.loadbalancer_tls
import data.eks.test.netpol

_svc(annotations, ports) := {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "s", "namespace": "shop", "annotations": annotations}, "spec": {"type": "LoadBalancer", "ports": ports}}

_findings(annotations, ports) := f if {
	f := loadbalancer_tls.deny with input as netpol.input_of([_svc(annotations, ports)])
}

_cert := {"service.beta.kubernetes.io/aws-load-balancer-ssl-cert": "arn:aws:acm:eu-west-1:1:certificate/x"}

test_internet_facing_without_tls_fails if {
	findings := _findings({}, [{"name": "http", "port": 80}])
	netpol.brief(findings) == {"EKS-NET-013 0 - spec.ports.0.port"}
	[f.message | some f in findings] == ["Service shop/s is an internet-facing load balancer that serves port 80 without TLS: no aws-load-balancer-ssl-cert annotation"]
}

test_tls_annotations if {
	count(_findings(_cert, [{"port": 80}, {"port": 8080}])) == 0
	ports := object.union(_cert, {"service.beta.kubernetes.io/aws-load-balancer-ssl-ports": "443, https"})
	netpol.brief(_findings(ports, [{"port": 80}, {"name": "https", "port": 8444}, {"port": 443}])) == {"EKS-NET-013 0 - spec.ports.0.port"}
}

test_app_tls_ports_pass if {
	count(_findings({}, [{"port": 443}, {"port": 8443}])) == 0
}

test_internal_is_a_warning if {
	lbc := {"service.beta.kubernetes.io/aws-load-balancer-type": "external"}
	[[f.severity, f.mode] | some f in _findings(lbc, [{"port": 80}])] == [["low", "warn"]]
	internal := {"service.beta.kubernetes.io/aws-load-balancer-scheme": "internal"}
	[[f.severity, f.mode] | some f in _findings(internal, [{"port": 80}])] == [["low", "warn"]]
	public := {"service.beta.kubernetes.io/aws-load-balancer-type": "external", "service.beta.kubernetes.io/aws-load-balancer-scheme": "internet-facing"}
	[object.get(f, "severity", "-") | some f in _findings(public, [{"port": 80}])] == ["-"]
}

test_not_a_load_balancer if {
	svc := json.patch(_svc({}, [{"port": 80}]), [{"op": "replace", "path": "/spec/type", "value": "ClusterIP"}])
	count(loadbalancer_tls.deny) == 0 with input as netpol.input_of([svc])
}
