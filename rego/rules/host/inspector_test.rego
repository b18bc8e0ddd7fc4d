package eks.rules.host.inspector_test

import data.eks.rules.host.inspector
import data.eks.test.tf

test_missing_types_fail if {
	count(inspector.deny) == 1 with input as tf.input_of([tf.resource("aws_inspector2_enabler.e", {"resource_types": ["ECR"]})])
	count(inspector.deny) == 0 with input as tf.input_of([tf.resource("aws_inspector2_enabler.e", {"resource_types": ["EC2", "ECR", "LAMBDA"]})])
}
