package eks.rules.ir.break_glass_test

import data.eks.rules.ir.break_glass
import data.eks.test.tf

_c := tf.resource("aws_eks_cluster.c", {"access_config": [{"authentication_mode": "API", "bootstrap_cluster_creator_admin_permissions": false}]})

_assoc := tf.resource("aws_eks_access_policy_association.bg", {"policy_arn": "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy", "access_scope": [{"type": "cluster"}], "principal_arn": "arn:aws:iam::1:role/break-glass"})

test_no_break_glass_fails if {
	count(break_glass.deny) == 1 with input as tf.input_of([_c])
	count(break_glass.deny) == 1 with input as tf.input_of([_c, _assoc])
}

test_break_glass_association_passes if {
	inp := tf.input_with([_c, _assoc], {"cluster": {"version": "", "break_glass": ["arn:aws:iam::1:role/break-glass"]}})
	count(break_glass.deny) == 0 with input as inp
}

test_creator_admin_kept_is_not_this_rule if {
	count(break_glass.deny) == 0 with input as tf.input_of([tf.resource("aws_eks_cluster.c", {})])
}
