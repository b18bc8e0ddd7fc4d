package eks.rules.det.cloudtrail_test

import data.eks.rules.det.cloudtrail
import data.eks.test.tf

test_no_trail_with_a_cluster_fails if {
	count(cloudtrail.deny) == 1 with input as tf.input_of([tf.resource("aws_eks_cluster.c", {})])
	count(cloudtrail.deny) == 0 with input as tf.input_of([])
}

test_trail_in_another_plan_counts if {
	good := tf.resource("aws_cloudtrail.t", {"is_multi_region_trail": true, "enable_log_file_validation": true, "kms_key_id": "k", "cloud_watch_logs_group_arn": "arn"})
	count(cloudtrail.deny) == 0 with input as tf.input_of_plans([[tf.resource("aws_eks_cluster.c", {})], [good]])
}

test_weak_trail_findings if {
	inp := tf.input_of([tf.resource("aws_cloudtrail.t", {"is_multi_region_trail": false})])
	findings := cloudtrail.deny with input as inp
	{[f.path[1], f.severity] | some f in findings} == {["enable_log_file_validation", "medium"], ["kms_key_id", "medium"], ["cloud_watch_logs_group_arn", "low"]}
}
