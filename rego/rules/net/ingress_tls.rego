# METADATA
# title: Ingress terminates TLS
# description: >-
#   An Ingress must serve its hosts over TLS. For most controllers every spec.rules[].host
#   must be covered by spec.tls[].hosts (exactly, or by a `*.` wildcard for one label), and a
#   rule or default backend without a host needs a tls entry without hosts. For the AWS Load
#   Balancer Controller (class alb) TLS comes from annotations: an HTTPS listener
#   (listen-ports), a certificate (certificate-arn, or ACM discovery from the hosts), and
#   ssl-redirect when an HTTP listener remains.
# related_resources:
#   - ref: https://docs.aws.amazon.com/eks/latest/best-practices/network-security.html
#     description: EKS Best Practices, Encryption in transit, Ingress controllers and load balancers
#   - ref: https://kubernetes-sigs.github.io/aws-load-balancer-controller/latest/guide/ingress/annotations/
#     description: AWS Load Balancer Controller, Ingress annotations
# custom:
#   id: EKS-NET-012
#   severity: medium
#   mode: enforce
#   input: k8s
#   remediation: >-
#     List every host under spec.tls[].hosts with a certificate secret; for ALB set
#     `alb.ingress.kubernetes.io/listen-ports: '[{"HTTP": 80}, {"HTTPS": 443}]'`,
#     `alb.ingress.kubernetes.io/certificate-arn` (or rely on ACM discovery from the hosts) and
#     `alb.ingress.kubernetes.io/ssl-redirect: "443"`.
#   fix:
#     before: |
#       spec:
#         rules:
#           - host: shop.example.com
#     after: |
#       spec:
#         tls:
#           - hosts: [shop.example.com]
#             secretName: shop-tls
#         rules:
#           - host: shop.example.com
#   compliance:
#     cis-eks: ["5.4.5"]
#     eks-bp: ["network"]
#   tags: [network, encryption-in-transit, ingress]
package eks.rules.net.ingress_tls

import data.eks.lib.result

import data.eks.lib.exposure
import data.eks.lib.netpol

_tls(doc) := [t | some t in netpol.as_list(doc.object.spec.tls); is_object(t)]

_tls_hosts(doc) := {h | some t in _tls(doc); some h in netpol.as_list(object.get(t, "hosts", [])); is_string(h)}

_catch_all(doc) if {
	some t in _tls(doc)
	count(netpol.as_list(object.get(t, "hosts", []))) == 0
}

_covered(host, hosts) if host in hosts

_covered(host, hosts) if {
	some h in hosts
	startswith(h, "*.")
	parts := split(host, ".")
	count(parts) > 2
	concat(".", array.concat(["*"], array.slice(parts, 1, count(parts)))) == h
}

_name(doc) := sprintf("Ingress %s/%s", [doc.namespace, doc.name])

# Generic controllers: every host under spec.tls.
deny contains netpol.finding("EKS-NET-012", doc, ["spec", "rules", i, "host"], msg, {}) if {
	some doc in exposure.ingresses
	not exposure.alb(doc)
	some i, rule in netpol.as_list(doc.object.spec.rules)
	host := rule.host
	is_string(host)
	not _covered(host, _tls_hosts(doc))
	msg := sprintf("%s serves host %s without TLS: no spec.tls entry lists it", [_name(doc), host])
}

deny contains netpol.finding("EKS-NET-012", doc, ["spec", "rules", i], msg, {}) if {
	some doc in exposure.ingresses
	not exposure.alb(doc)
	some i, rule in netpol.as_list(doc.object.spec.rules)
	is_object(rule)
	not is_string(object.get(rule, "host", null))
	not _catch_all(doc)
	msg := sprintf("%s serves spec.rules[%d] (any host) without TLS: add a spec.tls entry (without hosts for the default certificate) or give the rule a host listed under spec.tls", [_name(doc), i])
}

deny contains netpol.finding("EKS-NET-012", doc, ["spec", "defaultBackend"], msg, {}) if {
	some doc in exposure.ingresses
	not exposure.alb(doc)
	is_object(doc.object.spec.defaultBackend)
	count(netpol.as_list(object.get(doc.object, ["spec", "rules"], []))) == 0
	count(_tls(doc)) == 0
	msg := sprintf("%s exposes its default backend without TLS: add a spec.tls entry", [_name(doc)])
}

# AWS Load Balancer Controller: TLS is configured by annotations.
deny contains netpol.finding("EKS-NET-012", doc, exposure.alb_annotation_path("listen-ports"), msg, {}) if {
	some doc in exposure.ingresses
	exposure.alb(doc)
	count({l | some l in exposure.alb_listeners(doc); l[0] == "HTTPS"}) == 0
	msg := sprintf("%s (ALB) has no HTTPS listener: set alb.ingress.kubernetes.io/listen-ports to include {\"HTTPS\": 443}", [_name(doc)])
}

deny contains netpol.finding("EKS-NET-012", doc, exposure.alb_annotation_path("certificate-arn"), msg, {}) if {
	some doc in exposure.ingresses
	exposure.alb(doc)
	some l in exposure.alb_listeners(doc)
	l[0] == "HTTPS"
	not exposure.alb_annotation(doc, "certificate-arn")
	count(_all_hosts(doc)) == 0
	msg := sprintf("%s (ALB) has an HTTPS listener but no certificate: set alb.ingress.kubernetes.io/certificate-arn, or give the rules hosts so the controller can discover an ACM certificate", [_name(doc)])
}

deny contains netpol.finding("EKS-NET-012", doc, exposure.alb_annotation_path("ssl-redirect"), msg, {}) if {
	some doc in exposure.ingresses
	exposure.alb(doc)
	some https in exposure.alb_listeners(doc)
	https[0] == "HTTPS"
	some http in exposure.alb_listeners(doc)
	http[0] == "HTTP"
	not exposure.alb_annotation(doc, "ssl-redirect")
	msg := sprintf("%s (ALB) keeps a plain HTTP listener on port %s without redirecting it: set alb.ingress.kubernetes.io/ssl-redirect: \"443\"", [_name(doc), result.show(http[1])])
}

_all_hosts(doc) := _tls_hosts(doc) | {h | some r in netpol.as_list(doc.object.spec.rules); h := r.host; is_string(h)}
