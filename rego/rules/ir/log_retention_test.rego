package eks.rules.ir.log_retention_test

import data.eks.rules.ir.log_retention
import data.eks.test.tf

_c := tf.resource("aws_eks_cluster.c", {"name": "prod"})

_group(days) := tf.resource("aws_cloudwatch_log_group.g", {"name": "/aws/eks/prod/cluster", "retention_in_days": days})

test_short_retention_fails if {
	count(log_retention.deny) == 1 with input as tf.input_of([_c, _group(30)])
	count(log_retention.deny) == 1 with input as tf.input_with([_c, _group(120)], {"terraform": {"ir_window_days": 365}})
}

test_long_or_never_passes if {
	count(log_retention.deny) == 0 with input as tf.input_of([_c, _group(90)])
	count(log_retention.deny) == 0 with input as tf.input_of([_c, _group(0)])
}

test_trail_bucket_expiration if {
	trail := tf.resource_with("aws_cloudtrail.t", {}, {}, {"s3_bucket_name": ["aws_s3_bucket.logs"]})
	lc := tf.resource_with("aws_s3_bucket_lifecycle_configuration.l", {"rule": [{"status": "Enabled", "expiration": [{"days": 30}]}]}, {}, {"bucket": ["aws_s3_bucket.logs"]})
	inp := tf.input_of([trail, tf.resource("aws_s3_bucket.logs", {}), lc])
	findings := log_retention.deny with input as inp
	tf.at(findings, inp) == {["aws_s3_bucket_lifecycle_configuration.l", ["values", "rule", 0, "expiration", 0, "days"]]}
}
