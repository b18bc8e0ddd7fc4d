package eks.rules.host.version_skew_test

import data.eks.rules.host.version_skew
import data.eks.test.tf

_c := tf.resource("aws_eks_cluster.c", {"name": "prod", "version": "1.31"})

test_skew_fails if {
	count(version_skew.deny) == 1 with input as tf.input_of([_c, tf.resource("aws_eks_node_group.g", {"cluster_name": "prod", "version": "1.30"})])
	g := tf.resource_with("aws_eks_node_group.g", {"version": "1.29"}, {}, {"cluster_name": ["aws_eks_cluster.c"]})
	count(version_skew.deny) == 1 with input as tf.input_of([_c, g])
}

test_same_or_unknown_passes if {
	count(version_skew.deny) == 0 with input as tf.input_of([_c, tf.resource("aws_eks_node_group.g", {"cluster_name": "prod", "version": "1.31"})])
	count(version_skew.deny) == 0 with input as tf.input_of([_c, tf.resource("aws_eks_node_group.g", {"cluster_name": "prod", "version": null})])
}
