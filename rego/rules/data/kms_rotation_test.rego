package eks.rules.data.kms_rotation_test

import data.eks.rules.data.kms_rotation
import data.eks.test.tf

test_unrotated_symmetric_key_fails_medium if {
	findings := kms_rotation.deny with input as tf.input_of([tf.resource("aws_kms_key.k", {"enable_key_rotation": false})])
	[f.severity | some f in findings] == ["medium"]
}

test_secrets_key_is_high if {
	cluster := tf.resource_with("aws_eks_cluster.c", {}, {}, {"encryption_config.0.provider.0.key_arn": ["aws_kms_key.k"]})
	findings := kms_rotation.deny with input as tf.input_of([cluster, tf.resource("aws_kms_key.k", {})])
	[f.severity | some f in findings] == ["high"]
}

test_rotated_or_asymmetric_passes if {
	count(kms_rotation.deny) == 0 with input as tf.input_of([tf.resource("aws_kms_key.k", {"enable_key_rotation": true})])
	count(kms_rotation.deny) == 0 with input as tf.input_of([tf.resource("aws_kms_key.k", {"customer_master_key_spec": "RSA_2048"})])
}
