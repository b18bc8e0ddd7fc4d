package eks.rules.data.efs_encryption_test

import data.eks.rules.data.efs_encryption
import data.eks.test.tf

test_unencrypted_efs_fails if {
	count(efs_encryption.deny) == 1 with input as tf.input_of([tf.resource("aws_efs_file_system.f", {"encrypted": false})])
	count(efs_encryption.deny) == 0 with input as tf.input_of([tf.resource("aws_efs_file_system.f", {"encrypted": true})])
}
