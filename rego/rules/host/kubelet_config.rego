# METADATA
# title: Kubelet not weakened in node bootstrap
# description: >-
#   A launch template's user_data (base64, possibly MIME multipart) must not weaken the
#   kubelet: anonymous authentication, AlwaysAllow authorization, a read-only port,
#   streaming-connection-idle-timeout 0, make-iptables-util-chains false, certificate rotation
#   off, or RotateKubeletServerCertificate=false. AL2 bootstrap.sh --kubelet-extra-args flags
#   and AL2023 NodeConfig (node.eks.aws/v1alpha1) kubelet config and flags are both read.
# related_resources:
#   - ref: https://docs.aws.amazon.com/eks/latest/best-practices/protecting-the-infrastructure.html
#     description: EKS Best Practices, Infrastructure security
# custom:
#   id: EKS-HOST-004
#   severity: high
#   mode: enforce
#   input: tf
#   remediation: Remove the flag or setting from the node bootstrap; the EKS AMI defaults are secure.
#   compliance:
#     cis-eks: ["3.2.1", "3.2.2", "3.2.4", "3.2.5", "3.2.6", "3.2.8", "3.2.9"]
#     eks-bp: ["hosts"]
#   tags: [terraform, eks, nodes, kubelet]
package eks.rules.host.kubelet_config

import data.eks.lib.result
import data.eks.lib.secrets
import data.eks.lib.tf

_checks := {
	"anonymous authentication is enabled": `(?i)--anonymous-auth[= ]["']?true|anonymous["']?\s*:\s*\{?\s*["']?enabled["']?\s*:\s*["']?true`,
	"authorization mode is AlwaysAllow": `--authorization-mode[= ]["']?AlwaysAllow|["']?mode["']?\s*:\s*["']?AlwaysAllow`,
	"the read-only port is open": `--read-only-port[= ]["']?[1-9]|readOnlyPort["']?\s*:\s*["']?[1-9]`,
	"streaming connections never time out": `--streaming-connection-idle-timeout[= ]["']?0+(s|m|h)?\b|streamingConnectionIdleTimeout["']?\s*:\s*["']?0+(s|m|h)?["'\s,}]`,
	"kubelet does not manage iptables chains": `--make-iptables-util-chains[= ]["']?false|makeIPTablesUtilChains["']?\s*:\s*["']?false`,
	"certificate rotation is off": `--rotate-certificates[= ]["']?false|rotateCertificates["']?\s*:\s*["']?false`,
	"serving-certificate rotation is off": `RotateKubeletServerCertificate["']?\s*[=:]\s*["']?false`,
}

_text(lt) := t if {
	v := tf.get(lt, ["user_data"])
	is_string(v)
	regex.match(`^[A-Za-z0-9+/\s]+=*\s*$`, v)
	base64.is_valid(v)
	t := base64.decode(v)
	secrets.is_text(t) # gzip-compressed user data is not text
} else := v if {
	v := tf.get(lt, ["user_data"])
	is_string(v)
}

deny contains result.new("EKS-HOST-004", lt, ["values", "user_data"], msg) if {
	some lt in tf.managed("aws_launch_template")
	text := _text(lt)
	found := {what | some what, re in _checks; regex.match(re, text)}
	count(found) > 0
	msg := sprintf("Launch template %s's user_data weakens the kubelet: %s. Remove these settings from the node bootstrap.", [lt.name, concat("; ", sort(found))])
}
