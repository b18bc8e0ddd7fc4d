package eks.rules.net.loadbalancer_sources_test

import data.eks.rules.net.loadbalancer_sources
import data.eks.test.netpol

_svc(annotations, spec) := {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "s", "namespace": "shop", "annotations": annotations}, "spec": object.union({"type": "LoadBalancer"}, spec)}

_brief(objects) := netpol.brief(f) if {
	f := loadbalancer_sources.deny with input as netpol.input_of(objects)
}

test_services if {
	_brief([_svc({}, {})]) == {"EKS-NET-014 0 - spec.type"}
	_brief([_svc({}, {"loadBalancerSourceRanges": ["0.0.0.0/0"]})]) == {"EKS-NET-014 0 - spec.loadBalancerSourceRanges"}
	_brief([_svc({}, {"loadBalancerSourceRanges": ["203.0.113.0/24"]})]) == set()
	_brief([_svc({"service.beta.kubernetes.io/load-balancer-source-ranges": "203.0.113.0/24"}, {})]) == set()
	_brief([_svc({"service.beta.kubernetes.io/aws-load-balancer-scheme": "internal"}, {})]) == set()
	_brief([_svc({"eks-policy-gate.io/public": "true"}, {})]) == set()
}

_ing(annotations) := {"apiVersion": "networking.k8s.io/v1", "kind": "Ingress", "metadata": {"name": "i", "namespace": "shop", "annotations": annotations}, "spec": {"ingressClassName": "alb"}}

test_alb if {
	_brief([_ing({"alb.ingress.kubernetes.io/scheme": "internet-facing"})]) == {"EKS-NET-014 0 - metadata.annotations.alb.ingress.kubernetes.io/scheme"}
	_brief([_ing({"alb.ingress.kubernetes.io/scheme": "internet-facing", "alb.ingress.kubernetes.io/inbound-cidrs": "10.0.0.0/8, 0.0.0.0/0"})]) == {"EKS-NET-014 0 - metadata.annotations.alb.ingress.kubernetes.io/inbound-cidrs"}
	_brief([_ing({"alb.ingress.kubernetes.io/scheme": "internet-facing", "alb.ingress.kubernetes.io/inbound-cidrs": "203.0.113.0/24"})]) == set()
	_brief([_ing({})]) == set()
}
