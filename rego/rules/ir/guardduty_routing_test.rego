package eks.rules.ir.guardduty_routing_test

import data.eks.rules.ir.guardduty_routing
import data.eks.test.tf

_det := tf.resource("aws_guardduty_detector.d", {})

_rule := tf.resource("aws_cloudwatch_event_rule.gd", {"name": "gd", "event_pattern": json.marshal({"source": ["aws.guardduty"]})})

test_unrouted_fails if {
	count(guardduty_routing.deny) == 1 with input as tf.input_of([_det])
	count(guardduty_routing.deny) == 1 with input as tf.input_of([_det, _rule])
}

test_rule_with_target_or_destination_passes if {
	count(guardduty_routing.deny) == 0 with input as tf.input_of([_det, _rule, tf.resource("aws_cloudwatch_event_target.t", {"rule": "gd"})])
	count(guardduty_routing.deny) == 0 with input as tf.input_of([_det, tf.resource("aws_guardduty_publishing_destination.p", {})])
}
