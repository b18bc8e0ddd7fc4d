package eks.rules.data.kms_policy_test

import data.eks.rules.data.kms_policy
import data.eks.test.tf

_key(statement) := tf.resource("aws_kms_key.k", {"policy": json.marshal({"Statement": [statement]})})

test_wildcard_principal_fails if {
	count(kms_policy.deny) == 1 with input as tf.input_of([_key({"Effect": "Allow", "Principal": "*", "Action": "kms:*", "Resource": "*"})])
	count(kms_policy.deny) == 1 with input as tf.input_of([_key({"Effect": "Allow", "Principal": {"AWS": ["*"]}, "Action": "kms:Decrypt", "Resource": "*"})])
}

test_condition_or_named_principal_passes if {
	count(kms_policy.deny) == 0 with input as tf.input_of([_key({"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "kms:Decrypt", "Resource": "*", "Condition": {"StringEquals": {"kms:CallerAccount": "111122223333"}}})])
	count(kms_policy.deny) == 0 with input as tf.input_of([_key({"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "kms:*", "Resource": "*"})])
}
