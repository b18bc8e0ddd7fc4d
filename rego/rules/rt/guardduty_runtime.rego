# METADATA
# title: GuardDuty Runtime Monitoring covers EKS, with the agent managed
# description: >-
#   GuardDuty Runtime Monitoring sees process, file and network activity on the nodes. Where
#   the plans manage an EKS cluster, an enabled detector should have EKS_RUNTIME_MONITORING or
#   RUNTIME_MONITORING ENABLED, and the agent deployed: the feature's additional_configuration
#   EKS_ADDON_MANAGEMENT ENABLED, or an aws_eks_addon aws-guardduty-agent.
# related_resources:
#   - ref: https://docs.aws.amazon.com/eks/latest/best-practices/runtime-security.html
#     description: EKS Best Practices, Use Amazon GuardDuty for runtime monitoring
# custom:
#   id: EKS-RT-001
#   severity: high
#   mode: enforce
#   input: tf
#   remediation: >-
#     Add aws_guardduty_detector_feature { name = "EKS_RUNTIME_MONITORING" status = "ENABLED"
#     additional_configuration { name = "EKS_ADDON_MANAGEMENT" status = "ENABLED" } }.
#   compliance:
#     eks-bp: ["runtime"]
#   tags: [terraform, guardduty, runtime]
package eks.rules.rt.guardduty_runtime

import data.eks.lib.result
import data.eks.lib.tf
import data.eks.rules.det.guardduty_audit

_runtime_features(d) := {f |
	some f in guardduty_audit.features(d)
	tf.get(f, ["name"]) in {"EKS_RUNTIME_MONITORING", "RUNTIME_MONITORING"}
	tf.get(f, ["status"]) == "ENABLED"
}

_agent_managed(f) if {
	some c in tf.get(f, ["additional_configuration"])
	c.name == "EKS_ADDON_MANAGEMENT"
	c.status == "ENABLED"
}

_agent_addon if {
	some a in tf.managed("aws_eks_addon")
	tf.get(a, ["addon_name"]) == "aws-guardduty-agent"
}

_covered if {
	some d in guardduty_audit.detectors
	some f in _runtime_features(d)
	_agent_managed(f)
}

_covered if {
	some d in guardduty_audit.detectors
	count(_runtime_features(d)) > 0
	_agent_addon
}

deny contains result.new("EKS-RT-001", c, [], msg) if {
	some c in tf.clusters
	count(guardduty_audit.detectors) == 0
	msg := sprintf("%s: no plan of this scan manages an enabled GuardDuty detector with Runtime Monitoring, so attacks inside pods and nodes go undetected. Manage the detector with EKS_RUNTIME_MONITORING (agent managed) or scan the plan that does.", [c.name])
}

deny contains result.new("EKS-RT-001", d, [], msg) if {
	count(tf.clusters) > 0
	some d in guardduty_audit.detectors
	not _covered
	count(_runtime_features(d)) == 0
	msg := sprintf("GuardDuty detector %s has no Runtime Monitoring for EKS. Add aws_guardduty_detector_feature EKS_RUNTIME_MONITORING (or RUNTIME_MONITORING) with status ENABLED and EKS_ADDON_MANAGEMENT.", [d.name])
}

deny contains result.new("EKS-RT-001", f, ["values", "additional_configuration"], msg) if {
	count(tf.clusters) > 0
	not _covered
	some d in guardduty_audit.detectors
	some f in _runtime_features(d)
	msg := sprintf("%s enables Runtime Monitoring, but the GuardDuty agent is not deployed to EKS: enable additional_configuration EKS_ADDON_MANAGEMENT or manage the aws-guardduty-agent add-on.", [f.name])
}

# A default, so the rule is computed once: OPA's Wasm target does not memoise undefined rules.
default _agent_addon := false

# A default, so the rule is computed once: OPA's Wasm target does not memoise undefined rules.
default _covered := false
