package eks.rules.det.log_group_test

import data.eks.rules.det.log_group
import data.eks.test.tf

_c := tf.resource("aws_eks_cluster.c", {"name": "prod"})

test_no_group_fails_on_cluster if {
	inp := tf.input_of([_c])
	findings := log_group.deny with input as inp
	tf.at(findings, inp) == {["aws_eks_cluster.c", ["values", "name"]]}
}

test_short_retention_and_no_key_fail if {
	inp := tf.input_of([_c, tf.resource("aws_cloudwatch_log_group.eks", {"name": "/aws/eks/prod/cluster", "retention_in_days": 7, "kms_key_id": null})])
	findings := log_group.deny with input as inp
	tf.at(findings, inp) == {["aws_cloudwatch_log_group.eks", ["values", "retention_in_days"]], ["aws_cloudwatch_log_group.eks", ["values", "kms_key_id"]]}
}

test_good_group_passes_and_never_expire_is_fine if {
	count(log_group.deny) == 0 with input as tf.input_of([_c, tf.resource("aws_cloudwatch_log_group.eks", {"name": "/aws/eks/prod/cluster", "retention_in_days": 0, "kms_key_id": "arn:aws:kms:x"})])
	grp := tf.resource_with("aws_cloudwatch_log_group.eks", {"name": null, "retention_in_days": 365, "kms_key_id": null}, {"kms_key_id": true}, {"name": ["aws_eks_cluster.c"]})
	count(log_group.deny) == 0 with input as tf.input_of([tf.resource("aws_eks_cluster.c", {"name": null}), grp])
}
