package eks.rules.iam.endpoint_private_test

import data.eks.rules.iam.endpoint_private
import data.eks.test.tf

test_defaults_fail_on_private_access if {
	inp := tf.input_of([tf.resource("aws_eks_cluster.this", {"vpc_config": [{}]})])
	findings := endpoint_private.deny with input as inp
	tf.at(findings, inp) == {["aws_eks_cluster.this", ["values", "vpc_config", 0, "endpoint_private_access"]]}
}

test_private_and_public_fails_on_public if {
	inp := tf.input_of([tf.resource("aws_eks_cluster.this", {"vpc_config": [{"endpoint_private_access": true, "endpoint_public_access": true}]})])
	findings := endpoint_private.deny with input as inp
	tf.at(findings, inp) == {["aws_eks_cluster.this", ["values", "vpc_config", 0, "endpoint_public_access"]]}
}

test_private_only_passes if {
	inp := tf.input_of([tf.resource("aws_eks_cluster.this", {"vpc_config": [{"endpoint_private_access": true, "endpoint_public_access": false}]})])
	count(endpoint_private.deny) == 0 with input as inp
}
