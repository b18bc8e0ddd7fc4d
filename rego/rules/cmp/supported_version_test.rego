package eks.rules.cmp.supported_version_test

import data.eks.rules.cmp.supported_version
import data.eks.test.tf

test_old_version_fails if {
	count(supported_version.deny) == 1 with input as tf.input_of([tf.resource("aws_eks_cluster.c", {"version": "1.27"})])
}

test_supported_or_unset_passes if {
	count(supported_version.deny) == 0 with input as tf.input_of([tf.resource("aws_eks_cluster.c", {"version": "1.33"})])
	count(supported_version.deny) == 0 with input as tf.input_of([tf.resource("aws_eks_cluster.c", {"version": null})])
}

test_configured_list if {
	inp := tf.input_with([tf.resource("aws_eks_cluster.c", {"version": "1.33"})], {"terraform": {"supported_versions": ["1.34", "1.35"]}})
	count(supported_version.deny) == 1 with input as inp
}

test_extended_support_warns if {
	findings := supported_version.deny with input as tf.input_of([tf.resource("aws_eks_cluster.c", {"version": "1.30", "upgrade_policy": [{"support_type": "EXTENDED"}]})])
	[f.mode | some f in findings] == ["warn"]
}
