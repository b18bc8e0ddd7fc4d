# METADATA
# title: Security groups for pods run in standard mode when NetworkPolicy is also used
# description: >-
#   In the VPC CNI's default strict mode, pods matched by a SecurityGroupPolicy are governed
#   only by their security groups: NetworkPolicies do not apply to them. When a cluster uses
#   both, POD_SECURITY_GROUP_ENFORCING_MODE must be standard. The mode comes from the aws-node
#   DaemonSet's env or, in Terraform, from the vpc-cni add-on's configuration_values
#   (env.POD_SECURITY_GROUP_ENFORCING_MODE; key from the add-on schema, verify per version).
# related_resources:
#   - ref: https://docs.aws.amazon.com/eks/latest/best-practices/network-security.html
#     description: EKS Best Practices, Security groups for pods and Network Policy
# custom:
#   id: EKS-NET-010
#   severity: medium
#   mode: enforce
#   input: tf
#   remediation: >-
#     Set POD_SECURITY_GROUP_ENFORCING_MODE=standard (vpc-cni configuration_values
#     {"env": {"POD_SECURITY_GROUP_ENFORCING_MODE": "standard"}}, or the aws-node env).
#   compliance:
#     eks-bp: ["network"]
#   tags: [network-policy, security-groups-for-pods]
package eks.rules.net.sgp_enforcing_mode

import data.eks.lib.netpol
import data.eks.lib.result
import data.eks.lib.tf

# The Terraform part: the vpc-cni add-on's configuration. Unset means the default, strict.

_cni_config(a) := c if {
	c := tf.json_value(tf.get(a, ["configuration_values"]))
	is_object(c)
} else := {}

_tf_mode(a) := m if {
	m := object.get(_cni_config(a), ["env", "POD_SECURITY_GROUP_ENFORCING_MODE"], "strict")
	is_string(m)
} else := "strict"

_cni_addons := {a | some a in tf.managed("aws_eks_addon"); tf.get(a, ["addon_name"]) == "vpc-cni"}

# METADATA
# title: Enforcing-mode evidence
# description: >-
#   Where the enforcing mode is set, as {mode, doc, path}: here the vpc-cni add-ons of the
#   plans (lib/netpol.rego's sgp_mode reads every piece of evidence).
mode_evidence contains {"mode": _tf_mode(a), "doc": a, "path": ["values", "configuration_values"]} if {
	some a in _cni_addons
}

_usable_sgps := {id | some id, s in netpol.security_group_policies; count(netpol.sgp_ignored(s.spec)) == 0}

deny contains result.new("EKS-NET-010", a, ["values", "configuration_values"], msg) if {
	count(_usable_sgps) > 0
	count(netpol.policies) > 0
	some a in _cni_addons
	_tf_mode(a) != "standard"
	msg := sprintf("%s runs security groups for pods in %s mode while the scan also has NetworkPolicies: pods matched by a SecurityGroupPolicy ignore NetworkPolicy in strict mode. Set env.POD_SECURITY_GROUP_ENFORCING_MODE = \"standard\" in configuration_values.", [a.name, _tf_mode(a)])
}
