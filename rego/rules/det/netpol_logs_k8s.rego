# The Kubernetes part of EKS-DET-008 (the package and its metadata are in netpol_logs.rego).
package eks.rules.det.netpol_logs

import data.eks.lib.k8s
import data.eks.lib.netpol
import data.eks.rules.net.policy_engine

_nodeclasses contains doc if {
	some doc in k8s.of_kind("NodeClass")
	doc.source != "terraform"
	k8s.group(doc.apiVersion) == "eks.amazonaws.com"
}

# Auto Mode: a NodeClass that configures network policy (or a cluster whose engine is on).
_policy_in_use(doc) if doc.object.spec.networkPolicy in {"DefaultAllow", "DefaultDeny"}

_policy_in_use(_) if policy_engine.status == "enabled"

# METADATA
# title: Auto Mode NodeClass without decision logs
# description: A NodeClass of a cluster that enforces NetworkPolicy does not set networkPolicyEventLogs to Enabled.
deny contains netpol.finding("EKS-DET-008", doc, ["spec", "networkPolicyEventLogs"], msg, {}) if {
	some doc in _nodeclasses
	_policy_in_use(doc)
	object.get(doc.object, ["spec", "networkPolicyEventLogs"], "Disabled") != "Enabled"
	msg := sprintf("NodeClass %s does not log network-policy decisions: set spec.networkPolicyEventLogs: Enabled", [doc.name])
}

# METADATA
# title: VPC CNI node agent without decision logs
# description: The aws-node node agent enforces NetworkPolicy without --enable-policy-event-logs=true.
deny contains netpol.finding("EKS-DET-008", agent.doc, array.concat(agent.path, ["args"]), msg, {}) if {
	some agent in policy_engine.nodeagents
	policy_engine.container_flag(agent.container, "--enable-network-policy") == "true"
	not _logs_on(agent.container)
	msg := "the aws-node node agent enforces NetworkPolicy without logging its decisions: pass --enable-policy-event-logs=true (vpc-cni add-on: nodeAgent.enablePolicyEventLogs)"
}

_logs_on(container) if policy_engine.container_flag(container, "--enable-policy-event-logs") == "true"
