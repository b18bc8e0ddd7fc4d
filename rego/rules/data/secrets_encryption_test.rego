package eks.rules.data.secrets_encryption_test

import data.eks.rules.data.secrets_encryption
import data.eks.test.tf

test_no_encryption_fails if {
	count(secrets_encryption.deny) == 1 with input as tf.input_of([tf.resource("aws_eks_cluster.c", {"encryption_config": []})])
}

test_without_secrets_or_key_fails if {
	count(secrets_encryption.deny) == 1 with input as tf.input_of([tf.resource("aws_eks_cluster.c", {"encryption_config": [{"resources": ["configmaps"], "provider": [{"key_arn": "arn:k"}]}]})])
	count(secrets_encryption.deny) == 1 with input as tf.input_of([tf.resource("aws_eks_cluster.c", {"encryption_config": [{"resources": ["secrets"], "provider": [{}]}]})])
}

test_known_or_referenced_key_passes if {
	count(secrets_encryption.deny) == 0 with input as tf.input_of([tf.resource("aws_eks_cluster.c", {"encryption_config": [{"resources": ["secrets"], "provider": [{"key_arn": "arn:k"}]}]})])
	ref := tf.resource_with("aws_eks_cluster.c", {"encryption_config": [{"resources": ["secrets"], "provider": [{}]}]}, {"encryption_config": [{"provider": [{"key_arn": true}]}]}, {"encryption_config.0.provider.0.key_arn": ["aws_kms_key.k"]})
	count(secrets_encryption.deny) == 0 with input as tf.input_of([ref, tf.resource("aws_kms_key.k", {})])
}
