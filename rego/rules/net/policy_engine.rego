# METADATA
# title: A network-policy engine is enabled
# description: >-
#   NetworkPolicies do nothing unless an engine enforces them. The VPC CNI enforces them only
#   when enabled (enableNetworkPolicy "true" in the vpc-cni add-on's configuration_values;
#   off by default); Calico or Cilium are alternatives. Terraform part: a vpc-cni add-on
#   without network policy while the scan has NetworkPolicies and no other engine.
# related_resources:
#   - ref: https://docs.aws.amazon.com/eks/latest/best-practices/network-security.html
#     description: EKS Best Practices, Network policy
# custom:
#   id: EKS-NET-008
#   severity: high
#   mode: enforce
#   input: tf
#   remediation: >-
#     Set configuration_values = jsonencode({ enableNetworkPolicy = "true" }) on the vpc-cni
#     aws_eks_addon (or deploy Calico or Cilium).
#   compliance:
#     cis-eks: ["4.3.1", "5.4.4"]
#     eks-bp: ["network", "multitenancy"]
#   tags: [network-policy]
package eks.rules.net.policy_engine

import data.eks.lib.k8s
import data.eks.lib.result
import data.eks.lib.tf

_config(a) := c if {
	c := tf.json_value(tf.get(a, ["configuration_values"]))
	is_object(c)
} else := {}

_network_policies if {
	some d in k8s.of_kind("NetworkPolicy")
	d.apiVersion == "networking.k8s.io/v1"
}

# Another engine's objects in the scan: Calico or Cilium resources, or the Tigera operator.
_third_party if {
	some d in input.documents
	some g in ["projectcalico.org", "cilium.io", "tigera.io"]
	contains(d.apiVersion, g)
}

_third_party if {
	some d in k8s.of_kind("helm_release")
	some chart in [tf.get(d, ["chart"]), tf.get(d, ["name"])]
	chart in {"tigera-operator", "calico", "cilium"}
}

deny contains result.new("EKS-NET-008", a, ["values", "configuration_values"], msg) if {
	_network_policies
	not _third_party
	some a in tf.managed("aws_eks_addon")
	tf.get(a, ["addon_name"]) == "vpc-cni"
	not tf.is_true(object.get(_config(a), "enableNetworkPolicy", false))
	msg := sprintf("%s does not enable network policy (enableNetworkPolicy is not \"true\" in configuration_values), so the scan's NetworkPolicies are not enforced. Enable it, or deploy another engine.", [a.name])
}

# A default, so the rule is computed once: OPA's Wasm target does not memoise undefined rules.
default _network_policies := false

# A default, so the rule is computed once: OPA's Wasm target does not memoise undefined rules.
default _third_party := false
