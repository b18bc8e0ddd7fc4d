# METADATA
# title: Load balancers and Ingresses
# description: >-
#   How Services of type LoadBalancer and Ingresses are exposed on AWS: the scheme
#   (internet-facing or internal) the in-tree controller, the AWS Load Balancer Controller or
#   EKS Auto Mode gives them, their TLS annotations, and the ALB Ingress annotations. Shared
#   by EKS-NET-012/013/014. Values of the wrong type are skipped.
package eks.lib.exposure

import data.eks.lib.k8s

_svc_prefix := "service.beta.kubernetes.io/"

_alb_prefix := "alb.ingress.kubernetes.io/"

# METADATA
# title: Annotations
# description: The string-valued annotations of a document's object.
annotations(doc) := {k: v | some k, v in doc.object.metadata.annotations; is_string(v)} if {
	is_object(doc.object.metadata.annotations)
} else := {}

_labels(doc) := l if {
	l := doc.object.metadata.labels
	is_object(l)
} else := {}

# METADATA
# title: Public by declaration
# description: >-
#   The object declares itself public on purpose: label or annotation
#   eks-policy-gate.io/public "true".
declared_public(doc) if annotations(doc)["eks-policy-gate.io/public"] == "true"

declared_public(doc) if _labels(doc)["eks-policy-gate.io/public"] == "true"

# METADATA
# title: LoadBalancer Services
# description: Every Service of type LoadBalancer in the scan.
load_balancers contains doc if {
	some doc in k8s.of_kind("Service")
	doc.source != "terraform"
	k8s.group(doc.apiVersion) == ""
	doc.object.spec.type == "LoadBalancer"
}

_lbc_classes := {"service.k8s.aws/nlb", "eks.amazonaws.com/nlb"}

# Load balancers of the AWS Load Balancer Controller (or EKS Auto Mode): internal by default.
_lbc_managed(doc) if doc.object.spec.loadBalancerClass in _lbc_classes

_lbc_managed(doc) if annotations(doc)[concat("", [_svc_prefix, "aws-load-balancer-type"])] in {"external", "nlb-ip"}

# METADATA
# title: Service scheme
# description: >-
#   "internet-facing" or "internal": the scheme annotation when set; the legacy
#   aws-load-balancer-internal annotation; internal by default for the AWS Load Balancer
#   Controller and EKS Auto Mode; internet-facing by default for the in-tree controller.
service_scheme(doc) := s if {
	s := annotations(doc)[concat("", [_svc_prefix, "aws-load-balancer-scheme"])]
	s in {"internet-facing", "internal"}
} else := "internal" if {
	annotations(doc)[concat("", [_svc_prefix, "aws-load-balancer-internal"])] in {"true", "0.0.0.0/0"}
} else := "internal" if {
	_lbc_managed(doc)
} else := "internet-facing"

# METADATA
# title: Scheme annotation path
# description: Where a Service's scheme is decided, for findings (the annotation, else spec.type).
scheme_path(doc) := ["metadata", "annotations", present[0]] if {
	# The first of the two that is set (a Service may carry both).
	present := [k |
		some k in [concat("", [_svc_prefix, "aws-load-balancer-scheme"]), concat("", [_svc_prefix, "aws-load-balancer-internal"])]
		annotations(doc)[k]
	]
	count(present) > 0
} else := ["spec", "type"]

# METADATA
# title: Service TLS ports
# description: >-
#   The ports a Service's load balancer terminates TLS on: none without the ssl-cert
#   annotation; all ("*") unless ssl-ports lists some (numbers or port names).
tls_ports(doc) := set() if {
	not _non_empty(object.get(annotations(doc), concat("", [_svc_prefix, "aws-load-balancer-ssl-cert"]), ""))
} else := {"*"} if {
	not annotations(doc)[concat("", [_svc_prefix, "aws-load-balancer-ssl-ports"])]
} else := {trim_space(p) | some p in split(annotations(doc)[concat("", [_svc_prefix, "aws-load-balancer-ssl-ports"])], ",")}

_non_empty(s) if {
	is_string(s)
	trim_space(s) != ""
}

# METADATA
# title: Service ports
# description: Each exposed port of a Service as {index, port, name}.
service_ports(doc) := [{"index": i, "port": p.port, "name": object.get(p, "name", "")} |
	some i, p in _list(doc.object.spec.ports)
	is_object(p)
]

_list(x) := x if is_array(x)

else := []

# METADATA
# title: TLS on a port
# description: The load balancer terminates TLS on this Service port.
port_tls(tls, _) if "*" in tls

port_tls(tls, p) if format_int(p.port, 10) in tls

port_tls(tls, p) if {
	p.name != ""
	p.name in tls
}

# METADATA
# title: Ingress objects
# description: Every Ingress of the scan (networking.k8s.io or the old extensions group).
ingresses contains doc if {
	some doc in k8s.of_kind("Ingress")
	doc.source != "terraform"
	k8s.group(doc.apiVersion) in {"networking.k8s.io", "extensions"}
}

# METADATA
# title: ALB Ingress
# description: An Ingress handled by the AWS Load Balancer Controller (class alb).
alb(doc) if doc.object.spec.ingressClassName == "alb"

alb(doc) if annotations(doc)["kubernetes.io/ingress.class"] == "alb"

# METADATA
# title: ALB annotation
# description: An alb.ingress.kubernetes.io/ annotation of an Ingress.
alb_annotation(doc, name) := annotations(doc)[concat("", [_alb_prefix, name])]

# METADATA
# title: ALB annotation path
# description: The path of an alb.ingress.kubernetes.io/ annotation, for findings.
alb_annotation_path(name) := ["metadata", "annotations", concat("", [_alb_prefix, name])]

# METADATA
# title: ALB listen ports
# description: >-
#   The listeners of an ALB Ingress as a set of [protocol, port]: the listen-ports JSON
#   annotation, else HTTPS 443 with a certificate-arn and HTTP 80 without.
alb_listeners(doc) := {[proto, port] |
	some entry in _list(json.unmarshal(raw))
	is_object(entry)
	some proto, port in entry
} if {
	raw := alb_annotation(doc, "listen-ports")
	json.is_valid(raw)
} else := {["HTTPS", 443]} if {
	_non_empty(alb_annotation(doc, "certificate-arn"))
} else := {["HTTP", 80]}

# METADATA
# title: ALB scheme
# description: The scheme of an ALB Ingress (the controller's default is internal).
alb_scheme(doc) := s if {
	s := alb_annotation(doc, "scheme")
	s in {"internet-facing", "internal"}
} else := "internal"
