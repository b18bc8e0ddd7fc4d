# METADATA
# title: Pods can be quarantined by NetworkPolicy
# description: >-
#   Isolating a compromised pod (the EKS Best Practices' first incident-response step) needs a
#   NetworkPolicy engine. Terraform part: a vpc-cni add-on without network policy
#   (enableNetworkPolicy "true" in configuration_values) while the scan shows no other engine
#   (Calico, Cilium).
# related_resources:
#   - ref: https://docs.aws.amazon.com/eks/latest/best-practices/incident-response-and-forensics.html
#     description: EKS Best Practices, Isolate the Pod by creating a Network Policy
# custom:
#   id: EKS-IR-001
#   severity: high
#   mode: enforce
#   input: tf
#   remediation: >-
#     Enable network policy on the vpc-cni add-on (configuration_values = jsonencode({
#     enableNetworkPolicy = "true" })), or deploy Calico or Cilium.
#   compliance:
#     eks-bp: ["incidents", "network"]
#   tags: [incident-response, network-policy]
package eks.rules.ir.quarantine

import data.eks.lib.result
import data.eks.lib.tf

_config(a) := c if {
	c := tf.json_value(tf.get(a, ["configuration_values"]))
	is_object(c)
} else := {}

_third_party if {
	some d in input.documents
	some g in ["projectcalico.org", "cilium.io", "tigera.io"]
	contains(d.apiVersion, g)
}

deny contains result.new("EKS-IR-001", a, ["values", "configuration_values"], msg) if {
	not _third_party
	some a in tf.managed("aws_eks_addon")
	tf.get(a, ["addon_name"]) == "vpc-cni"
	not tf.is_true(object.get(_config(a), "enableNetworkPolicy", false))
	msg := sprintf("%s does not enable network policy and no other engine is in the scan, so a compromised pod cannot be isolated with a NetworkPolicy. Set enableNetworkPolicy = \"true\" in configuration_values.", [a.name])
}

# A default, so the rule is computed once: OPA's Wasm target does not memoise undefined rules.
default _third_party := false
