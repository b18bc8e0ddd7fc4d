# METADATA
# title: AWS load-balancer listeners use TLS
# description: >-
#   An aws_lb_listener (or aws_alb_listener) on HTTP must redirect to HTTPS; an HTTPS or TLS
#   listener must use a modern ssl_policy (TLS 1.2 or later only).
# related_resources:
#   - ref: https://docs.aws.amazon.com/eks/latest/best-practices/network-security.html
#     description: EKS Best Practices, Use encryption with AWS Elastic load balancers
# custom:
#   id: EKS-NET-015
#   severity: medium
#   mode: enforce
#   input: tf
#   remediation: >-
#     Redirect HTTP to HTTPS (default_action { type = "redirect" redirect { protocol = "HTTPS" } })
#     and use ssl_policy = "ELBSecurityPolicy-TLS13-1-2-2021-06" on HTTPS/TLS listeners.
#   compliance:
#     cis-eks: ["5.4.5"]
#     eks-bp: ["network"]
#   tags: [terraform, network, tls]
package eks.rules.net.lb_tls

import data.eks.lib.result
import data.eks.lib.tf

_modern := {
	"ELBSecurityPolicy-TLS13-1-2-2021-06", "ELBSecurityPolicy-TLS13-1-2-Res-2021-06",
	"ELBSecurityPolicy-TLS13-1-2-Ext1-2021-06", "ELBSecurityPolicy-TLS13-1-2-Ext2-2021-06",
	"ELBSecurityPolicy-TLS13-1-3-2021-06", "ELBSecurityPolicy-TLS-1-2-2017-01",
	"ELBSecurityPolicy-TLS-1-2-Ext-2018-06", "ELBSecurityPolicy-FS-1-2-2019-08",
	"ELBSecurityPolicy-FS-1-2-Res-2019-08", "ELBSecurityPolicy-FS-1-2-Res-2020-10",
	"ELBSecurityPolicy-TLS13-1-2-FIPS-2023-04", "ELBSecurityPolicy-TLS13-1-3-FIPS-2023-04",
}

_listeners := tf.managed("aws_lb_listener") | tf.managed("aws_alb_listener")

_redirects_to_https(l) if {
	some a in tf.get(l, ["default_action"])
	a.type == "redirect"
	object.get(a, ["redirect", 0, "protocol"], "") == "HTTPS"
}

deny contains result.new("EKS-NET-015", l, ["values", "protocol"], msg) if {
	some l in _listeners
	tf.get(l, ["protocol"]) == "HTTP"
	not _redirects_to_https(l)
	msg := sprintf("Listener %s serves plain HTTP without redirecting to HTTPS. Redirect to HTTPS or serve HTTPS only.", [l.name])
}

deny contains result.new("EKS-NET-015", l, ["values", "ssl_policy"], msg) if {
	some l in _listeners
	tf.get(l, ["protocol"]) in {"HTTPS", "TLS"}
	policy := tf.get(l, ["ssl_policy"])
	is_string(policy)
	not policy in _modern
	msg := sprintf("Listener %s uses ssl_policy %s, which allows protocols or ciphers older than TLS 1.2. Use ELBSecurityPolicy-TLS13-1-2-2021-06.", [l.name, policy])
}
