package eks.rules.img.ecr_kms_test

import data.eks.rules.img.ecr_kms
import data.eks.test.tf

test_aes_default_fails_kms_passes if {
	count(ecr_kms.deny) == 1 with input as tf.input_of([tf.resource("aws_ecr_repository.r", {"encryption_configuration": []})])
	count(ecr_kms.deny) == 0 with input as tf.input_of([tf.resource("aws_ecr_repository.r", {"encryption_configuration": [{"encryption_type": "KMS"}]})])
}
