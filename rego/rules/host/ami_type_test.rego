package eks.rules.host.ami_type_test

import data.eks.rules.host.ami_type
import data.eks.test.tf

test_al2_fails_custom_is_info if {
	count(ami_type.deny) == 1 with input as tf.input_of([tf.resource("aws_eks_node_group.g", {"ami_type": "AL2_ARM_64"})])
	findings := ami_type.deny with input as tf.input_of([tf.resource("aws_eks_node_group.g", {"ami_type": "CUSTOM"})])
	[f.severity | some f in findings] == ["info"]
}

test_container_optimised_passes if {
	count(ami_type.deny) == 0 with input as tf.input_of([tf.resource("aws_eks_node_group.g", {"ami_type": "BOTTLEROCKET_x86_64"}), tf.resource("aws_eks_node_group.h", {"ami_type": "AL2023_x86_64_STANDARD"})])
}

test_unset_ami_type if {
	findings := ami_type.deny with input as tf.input_of([tf.resource_with("aws_eks_node_group.g", {"version": "1.29"}, {"ami_type": true}, {})])
	[object.get(f, "severity", "medium") | some f in findings] == ["medium"]
	unknown_version := ami_type.deny with input as tf.input_of([tf.resource_with("aws_eks_node_group.g", {}, {"ami_type": true, "version": true}, {})])
	[f.severity | some f in unknown_version] == ["info"]
	count(ami_type.deny) == 0 with input as tf.input_of([tf.resource("aws_eks_node_group.g", {"version": "1.31", "ami_type": "AL2023_x86_64_STANDARD"})])
}
