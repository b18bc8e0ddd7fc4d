package eks.rules.net.ingress_tls_test

import data.eks.rules.net.ingress_tls
import data.eks.test.netpol

_ing(annotations, spec) := {"apiVersion": "networking.k8s.io/v1", "kind": "Ingress", "metadata": {"name": "i", "namespace": "shop", "annotations": annotations}, "spec": spec}

_brief(annotations, spec) := netpol.brief(f) if {
	f := ingress_tls.deny with input as netpol.input_of([_ing(annotations, spec)])
}

test_hosts_covered_by_tls if {
	spec := {"tls": [{"hosts": ["shop.example.com", "*.api.example.com"], "secretName": "t"}], "rules": [{"host": "shop.example.com"}, {"host": "v1.api.example.com"}]}
	_brief({}, spec) == set()
}

test_host_not_covered if {
	spec := {"tls": [{"hosts": ["shop.example.com"]}], "rules": [{"host": "shop.example.com"}, {"host": "admin.example.com"}, {"host": "a.b.shop.example.com"}]}
	_brief({}, spec) == {"EKS-NET-012 0 - spec.rules.1.host", "EKS-NET-012 0 - spec.rules.2.host"}
	_brief({}, {"tls": [{"hosts": ["*.example.com"]}], "rules": [{"host": "a.b.example.com"}]}) == {"EKS-NET-012 0 - spec.rules.0.host"}
}

test_no_tls_at_all if {
	_brief({}, {"rules": [{"host": "shop.example.com"}, {"http": {}}]}) == {"EKS-NET-012 0 - spec.rules.0.host", "EKS-NET-012 0 - spec.rules.1"}
	_brief({}, {"defaultBackend": {"service": {"name": "s"}}}) == {"EKS-NET-012 0 - spec.defaultBackend"}
	_brief({}, {"tls": [{"secretName": "default"}], "rules": [{"http": {}}]}) == set()
}

test_alb if {
	good := {
		"alb.ingress.kubernetes.io/listen-ports": "[{\"HTTP\": 80}, {\"HTTPS\": 443}]",
		"alb.ingress.kubernetes.io/certificate-arn": "arn:aws:acm:eu-west-1:1:certificate/x",
		"alb.ingress.kubernetes.io/ssl-redirect": "443",
	}
	_brief(good, {"ingressClassName": "alb", "rules": [{"http": {}}]}) == set()
	_brief({"kubernetes.io/ingress.class": "alb"}, {"rules": [{"http": {}}]}) == {"EKS-NET-012 0 - metadata.annotations.alb.ingress.kubernetes.io/listen-ports"}
	no_redirect := object.remove(good, ["alb.ingress.kubernetes.io/ssl-redirect"])
	_brief(no_redirect, {"ingressClassName": "alb"}) == {"EKS-NET-012 0 - metadata.annotations.alb.ingress.kubernetes.io/ssl-redirect"}
	https_only := {"alb.ingress.kubernetes.io/listen-ports": "[{\"HTTPS\": 443}]"}
	_brief(https_only, {"ingressClassName": "alb", "rules": [{"host": "shop.example.com"}]}) == set()
	_brief(https_only, {"ingressClassName": "alb", "rules": [{"http": {}}]}) == {"EKS-NET-012 0 - metadata.annotations.alb.ingress.kubernetes.io/certificate-arn"}
	_brief({"alb.ingress.kubernetes.io/certificate-arn": "arn:x"}, {"ingressClassName": "alb"}) == set()
}
