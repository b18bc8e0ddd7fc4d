package eks.rules.img.ecr_immutable_test

import data.eks.rules.img.ecr_immutable
import data.eks.test.tf

test_mutable_or_default_fails if {
	count(ecr_immutable.deny) == 1 with input as tf.input_of([tf.resource("aws_ecr_repository.r", {"image_tag_mutability": "MUTABLE"})])
	count(ecr_immutable.deny) == 1 with input as tf.input_of([tf.resource("aws_ecr_repository.r", {})])
}

test_immutable_passes if {
	count(ecr_immutable.deny) == 0 with input as tf.input_of([tf.resource("aws_ecr_repository.r", {"image_tag_mutability": "IMMUTABLE"})])
	count(ecr_immutable.deny) == 0 with input as tf.input_of([tf.resource("aws_ecr_repository.r", {"image_tag_mutability": "IMMUTABLE_WITH_EXCLUSION"})])
}
