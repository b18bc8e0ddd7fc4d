package eks.rules.det.guardduty_audit_test

import data.eks.rules.det.guardduty_audit
import data.eks.test.tf

_c := tf.resource("aws_eks_cluster.c", {})

test_no_detector_fails_on_cluster if {
	inp := tf.input_of([_c])
	tf.addresses(guardduty_audit.deny, inp) == {"aws_eks_cluster.c"} with input as inp
}

test_detector_without_audit_logs_fails if {
	inp := tf.input_of([_c, tf.resource("aws_guardduty_detector.d", {"enable": true})])
	findings := guardduty_audit.deny with input as inp
	tf.addresses(findings, inp) == {"aws_guardduty_detector.d"}
}

test_feature_or_legacy_passes if {
	feature := tf.resource_with("aws_guardduty_detector_feature.eks", {"name": "EKS_AUDIT_LOGS", "status": "ENABLED"}, {"detector_id": true}, {"detector_id": ["aws_guardduty_detector.d"]})
	count(guardduty_audit.deny) == 0 with input as tf.input_of([_c, tf.resource("aws_guardduty_detector.d", {}), feature])
	legacy := tf.resource("aws_guardduty_detector.d", {"datasources": [{"kubernetes": [{"audit_logs": [{"enable": true}]}]}]})
	count(guardduty_audit.deny) == 0 with input as tf.input_of([_c, legacy])
}

test_disabled_detector_counts_as_none if {
	inp := tf.input_of([_c, tf.resource("aws_guardduty_detector.d", {"enable": false})])
	tf.addresses(guardduty_audit.deny, inp) == {"aws_eks_cluster.c"} with input as inp
}
