# METADATA
# title: GuardDuty findings are routed to responders
# description: >-
#   GuardDuty findings nobody sees do not start an incident response. An EventBridge rule
#   (aws_cloudwatch_event_rule whose event_pattern has source aws.guardduty) with a target, or
#   an aws_guardduty_publishing_destination, should route them.
# related_resources:
#   - ref: https://docs.aws.amazon.com/eks/latest/best-practices/incident-response-and-forensics.html
#     description: EKS Best Practices, Incident response
# custom:
#   id: EKS-IR-003
#   severity: low
#   mode: enforce
#   input: tf
#   remediation: >-
#     Add an aws_cloudwatch_event_rule with event_pattern { source = ["aws.guardduty"] } and an
#     aws_cloudwatch_event_target (SNS, a ticketing integration), or a publishing destination.
#   compliance:
#     eks-bp: ["incidents", "runtime"]
#   tags: [terraform, guardduty, incident-response]
package eks.rules.ir.guardduty_routing

import data.eks.lib.result
import data.eks.lib.tf
import data.eks.rules.det.guardduty_audit

_guardduty_rule(r) if {
	p := tf.json_value(tf.get(r, ["event_pattern"]))
	"aws.guardduty" in tf.strings(object.get(p, "source", []))
}

_targeted(r) if count(tf.referring(r, "aws_cloudwatch_event_target")) > 0

_targeted(r) if {
	name := tf.get(r, ["name"])
	is_string(name)
	some t in tf.managed("aws_cloudwatch_event_target")
	tf.get(t, ["rule"]) == name
}

_routed if {
	some r in tf.managed("aws_cloudwatch_event_rule")
	_guardduty_rule(r)
	_targeted(r)
}

_routed if count(tf.managed("aws_guardduty_publishing_destination")) > 0

deny contains result.new("EKS-IR-003", d, [], msg) if {
	some d in guardduty_audit.detectors
	not _routed
	msg := sprintf("GuardDuty detector %s: no EventBridge rule with a target (or publishing destination) routes its findings to responders. Add an aws_cloudwatch_event_rule on source aws.guardduty with an aws_cloudwatch_event_target.", [d.name])
}

# A default, so the rule is computed once: OPA's Wasm target does not memoise undefined rules.
default _routed := false
