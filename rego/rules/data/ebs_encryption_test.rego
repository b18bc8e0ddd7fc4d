package eks.rules.data.ebs_encryption_test

import data.eks.rules.data.ebs_encryption
import data.eks.test.tf

_lt(encrypted) := tf.resource("aws_launch_template.lt", {"block_device_mappings": [{"device_name": "/dev/xvda", "ebs": [{"encrypted": encrypted}]}]})

test_unencrypted_fails if {
	inp := tf.input_of([_lt("false")])
	findings := ebs_encryption.deny with input as inp
	tf.at(findings, inp) == {["aws_launch_template.lt", ["values", "block_device_mappings", 0, "ebs", 0, "encrypted"]]}
	count(ebs_encryption.deny) == 1 with input as tf.input_of([_lt(null)])
}

test_string_true_or_default_encryption_passes if {
	count(ebs_encryption.deny) == 0 with input as tf.input_of([_lt("true")])
	count(ebs_encryption.deny) == 0 with input as tf.input_of([_lt("false"), tf.resource("aws_ebs_encryption_by_default.d", {"enabled": true})])
}
