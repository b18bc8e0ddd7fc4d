package eks.rules.iam.creator_admin_test

import data.eks.rules.iam.creator_admin
import data.eks.test.tf

test_default_true_fails if {
	count(creator_admin.deny) == 1 with input as tf.input_of([tf.resource("aws_eks_cluster.a", {})])
	count(creator_admin.deny) == 1 with input as tf.input_of([tf.resource("aws_eks_cluster.a", {"access_config": [{"bootstrap_cluster_creator_admin_permissions": true}]})])
}

test_explicit_false_passes if {
	count(creator_admin.deny) == 0 with input as tf.input_of([tf.resource("aws_eks_cluster.a", {"access_config": [{"authentication_mode": "API", "bootstrap_cluster_creator_admin_permissions": false}]})])
}
