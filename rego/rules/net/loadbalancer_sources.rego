# METADATA
# title: Internet-facing load balancers restrict sources
# description: >-
#   An internet-facing load balancer should accept only the clients that need it:
#   spec.loadBalancerSourceRanges (or the load-balancer-source-ranges annotation) for a
#   Service, alb.ingress.kubernetes.io/inbound-cidrs for an ALB Ingress. Absent ranges or
#   0.0.0.0/0 (::/0) fail, unless the object declares itself public (label or annotation
#   eks-policy-gate.io/public "true").
# related_resources:
#   - ref: https://docs.aws.amazon.com/eks/latest/best-practices/network-security.html
#     description: EKS Best Practices, Network security, Security groups
#   - ref: https://kubernetes.io/docs/tasks/access-application-cluster/create-external-load-balancer/#restricting-source-ip-ranges
#     description: Kubernetes, Restricting source IP ranges
# custom:
#   id: EKS-NET-014
#   severity: low
#   mode: enforce
#   input: k8s
#   remediation: >-
#     Set spec.loadBalancerSourceRanges (Service) or alb.ingress.kubernetes.io/inbound-cidrs
#     (ALB Ingress) to the client CIDRs; for a deliberately public endpoint, label it
#     eks-policy-gate.io/public: "true".
#   fix:
#     before: |
#       spec:
#         type: LoadBalancer
#     after: |
#       spec:
#         type: LoadBalancer
#         loadBalancerSourceRanges: [203.0.113.0/24]
#   compliance:
#     eks-bp: ["network", "hosts"]
#   tags: [network, load-balancer]
package eks.rules.net.loadbalancer_sources

import data.eks.lib.exposure
import data.eks.lib.netpol

_open := {"0.0.0.0/0", "::/0"}

_service_ranges(doc) := {trim_space(r) | some r in netpol.as_list(doc.object.spec.loadBalancerSourceRanges); is_string(r)} if {
	count(netpol.as_list(doc.object.spec.loadBalancerSourceRanges)) > 0
} else := {trim_space(r) |
	some r in split(object.get(exposure.annotations(doc), "service.beta.kubernetes.io/load-balancer-source-ranges", ""), ",")
	trim_space(r) != ""
}

deny contains netpol.finding("EKS-NET-014", doc, path, msg, {}) if {
	some doc in exposure.load_balancers
	exposure.service_scheme(doc) == "internet-facing"
	not exposure.declared_public(doc)
	ranges := _service_ranges(doc)
	_unrestricted(ranges)
	path := _service_path(doc)
	msg := sprintf("Service %s/%s is an internet-facing load balancer open to %s: restrict spec.loadBalancerSourceRanges to its clients", [doc.namespace, doc.name, _what(ranges)])
}

_unrestricted(ranges) if count(ranges) == 0

_unrestricted(ranges) if count(ranges & _open) > 0

_what(ranges) := "any address (no source ranges)" if count(ranges) == 0

else := concat(", ", sort([r | some r in (ranges & _open)]))

_service_path(doc) := ["spec", "loadBalancerSourceRanges"] if doc.object.spec.loadBalancerSourceRanges

else := ["spec", "type"]

deny contains netpol.finding("EKS-NET-014", doc, exposure.alb_annotation_path(key), msg, {}) if {
	some doc in exposure.ingresses
	exposure.alb(doc)
	exposure.alb_scheme(doc) == "internet-facing"
	not exposure.declared_public(doc)
	ranges := {trim_space(r) | some r in split(object.get(exposure.annotations(doc), "alb.ingress.kubernetes.io/inbound-cidrs", ""), ","); trim_space(r) != ""}
	_unrestricted(ranges)
	key := _alb_key(ranges)
	msg := sprintf("Ingress %s/%s is an internet-facing ALB open to %s: set alb.ingress.kubernetes.io/inbound-cidrs to its clients", [doc.namespace, doc.name, _what(ranges)])
}

_alb_key(ranges) := "scheme" if count(ranges) == 0

else := "inbound-cidrs"
