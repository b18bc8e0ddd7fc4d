# METADATA
# title: LoadBalancer Services terminate TLS
# description: >-
#   A Service of type LoadBalancer on AWS should terminate TLS at the load balancer
#   (annotation service.beta.kubernetes.io/aws-load-balancer-ssl-cert, on the ports listed
#   by aws-load-balancer-ssl-ports or all ports). Ports where the application does its own
#   TLS (443 and 8443 by default, config network.tls-ports) pass. An internet-facing load
#   balancer fails; an internal one is a warning. The scheme follows the controller: the
#   scheme annotation, else internal for the AWS Load Balancer Controller and EKS Auto Mode,
#   else internet-facing (the in-tree controller's default).
# related_resources:
#   - ref: https://docs.aws.amazon.com/eks/latest/best-practices/network-security.html
#     description: EKS Best Practices, Use encryption with AWS Elastic load balancers
#   - ref: https://kubernetes-sigs.github.io/aws-load-balancer-controller/latest/guide/service/annotations/
#     description: AWS Load Balancer Controller, Service annotations
# custom:
#   id: EKS-NET-013
#   severity: medium
#   mode: enforce
#   input: k8s
#   remediation: >-
#     Add `service.beta.kubernetes.io/aws-load-balancer-ssl-cert: <ACM certificate ARN>` (and
#     `aws-load-balancer-ssl-ports` for the TLS ports), or serve TLS from the application on
#     a port listed under network.tls-ports.
#   fix:
#     before: |
#       metadata:
#         annotations: {}
#     after: |
#       metadata:
#         annotations:
#           service.beta.kubernetes.io/aws-load-balancer-ssl-cert: arn:aws:acm:eu-west-1:123456789012:certificate/abc
#           service.beta.kubernetes.io/aws-load-balancer-ssl-ports: "443"
#   compliance:
#     cis-eks: ["5.4.5"]
#     eks-bp: ["network"]
#   tags: [network, encryption-in-transit, load-balancer]
package eks.rules.net.loadbalancer_tls

import data.eks.lib.result

import data.eks.lib.exposure
import data.eks.lib.netpol

_app_tls_ports := {p | some p in object.get(input.context, ["network", "tls_ports"], [443, 8443])}

_overrides("internet-facing") := {}

_overrides("internal") := {"severity": "low", "mode": "warn"}

deny contains netpol.finding("EKS-NET-013", doc, ["spec", "ports", p.index, "port"], msg, _overrides(scheme)) if {
	some doc in exposure.load_balancers
	scheme := exposure.service_scheme(doc)
	tls := exposure.tls_ports(doc)
	some p in exposure.service_ports(doc)
	not exposure.port_tls(tls, p)
	not _app_tls_ports[p.port]
	msg := sprintf("Service %s/%s is an %s load balancer that serves port %s without TLS: %s", [doc.namespace, doc.name, scheme, result.show(p.port), _why(tls)])
}

_why(tls) := "no aws-load-balancer-ssl-cert annotation" if count(tls) == 0

else := "the port is not listed in aws-load-balancer-ssl-ports"
