package eks.rules.img.ecr_lifecycle_test

import data.eks.rules.img.ecr_lifecycle
import data.eks.test.tf

test_missing_policy_fails if {
	count(ecr_lifecycle.deny) == 1 with input as tf.input_of([tf.resource("aws_ecr_repository.r", {"name": "app"})])
}

test_policy_by_name_or_reference_passes if {
	count(ecr_lifecycle.deny) == 0 with input as tf.input_of([tf.resource("aws_ecr_repository.r", {"name": "app"}), tf.resource("aws_ecr_lifecycle_policy.l", {"repository": "app"})])
	ref := tf.resource_with("aws_ecr_lifecycle_policy.l", {}, {}, {"repository": ["aws_ecr_repository.r"]})
	count(ecr_lifecycle.deny) == 0 with input as tf.input_of([tf.resource("aws_ecr_repository.r", {"name": "app"}), ref])
}
