package eks.rules.rt.guardduty_runtime_test

import data.eks.rules.rt.guardduty_runtime
import data.eks.test.tf

_c := tf.resource("aws_eks_cluster.c", {})

_det := tf.resource("aws_guardduty_detector.d", {"enable": true})

_feature(name, addon) := tf.resource_with("aws_guardduty_detector_feature.rt", {"name": name, "status": "ENABLED", "additional_configuration": [{"name": "EKS_ADDON_MANAGEMENT", "status": addon}]}, {}, {"detector_id": ["aws_guardduty_detector.d"]})

test_no_detector_fails_on_cluster if {
	inp := tf.input_of([_c])
	tf.addresses(guardduty_runtime.deny, inp) == {"aws_eks_cluster.c"} with input as inp
}

test_no_runtime_feature_fails_on_detector if {
	inp := tf.input_of([_c, _det])
	tf.addresses(guardduty_runtime.deny, inp) == {"aws_guardduty_detector.d"} with input as inp
}

test_agent_not_managed_fails_on_feature if {
	inp := tf.input_of([_c, _det, _feature("EKS_RUNTIME_MONITORING", "DISABLED")])
	tf.addresses(guardduty_runtime.deny, inp) == {"aws_guardduty_detector_feature.rt"} with input as inp
}

test_managed_agent_or_addon_passes if {
	count(guardduty_runtime.deny) == 0 with input as tf.input_of([_c, _det, _feature("RUNTIME_MONITORING", "ENABLED")])
	count(guardduty_runtime.deny) == 0 with input as tf.input_of([_c, _det, _feature("EKS_RUNTIME_MONITORING", "DISABLED"), tf.resource("aws_eks_addon.gd", {"addon_name": "aws-guardduty-agent"})])
}
