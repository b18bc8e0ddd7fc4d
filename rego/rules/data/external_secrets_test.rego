package eks.rules.data.external_secrets_test

import data.eks.rules.data.external_secrets
import data.eks.test.tf

test_unrotated_secret_fails if {
	count(external_secrets.deny) == 1 with input as tf.input_of([tf.resource("aws_secretsmanager_secret.s", {"name": "db"})])
}

test_rotation_resource_passes if {
	rot := tf.resource_with("aws_secretsmanager_secret_rotation.r", {}, {"secret_id": true}, {"secret_id": ["aws_secretsmanager_secret.s"]})
	count(external_secrets.deny) == 0 with input as tf.input_of([tf.resource("aws_secretsmanager_secret.s", {"name": "db"}), rot])
}
