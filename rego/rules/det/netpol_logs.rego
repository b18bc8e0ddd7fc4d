# METADATA
# title: Network-policy decision logs enabled
# description: >-
#   When the VPC CNI enforces NetworkPolicies, its node agent can log every allow and deny
#   decision; without the logs, a blocked or unexpected connection cannot be investigated.
#   Terraform part: the vpc-cni aws_eks_addon's configuration_values JSON with
#   enableNetworkPolicy "true" but nodeAgent.enablePolicyEventLogs not "true" (key name from
#   the add-on schema; verify for your add-on version).
# related_resources:
#   - ref: https://docs.aws.amazon.com/eks/latest/best-practices/network-security.html
#     description: EKS Best Practices, Monitoring network policy enforcement
# custom:
#   id: EKS-DET-008
#   severity: low
#   mode: enforce
#   input: tf
#   remediation: >-
#     Add "nodeAgent": {"enablePolicyEventLogs": "true"} (and enableCloudWatchLogs if wanted)
#     to the vpc-cni add-on's configuration_values.
#   compliance:
#     eks-bp: ["network", "automode"]
#   tags: [terraform, network-policy, logging]
package eks.rules.det.netpol_logs

import data.eks.lib.result
import data.eks.lib.tf

_config(a) := c if {
	c := tf.json_value(tf.get(a, ["configuration_values"]))
	is_object(c)
} else := {}

deny contains result.new("EKS-DET-008", a, ["values", "configuration_values"], msg) if {
	some a in tf.managed("aws_eks_addon")
	tf.get(a, ["addon_name"]) == "vpc-cni"
	cfg := _config(a)
	tf.is_true(object.get(cfg, "enableNetworkPolicy", false))
	not tf.is_true(object.get(cfg, ["nodeAgent", "enablePolicyEventLogs"], false))
	msg := sprintf("%s enables network policy but not its decision logs. Set nodeAgent.enablePolicyEventLogs = \"true\" in configuration_values.", [a.name])
}
