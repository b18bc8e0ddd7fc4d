package eks.rules.host.private_subnets_test

import data.eks.rules.host.private_subnets
import data.eks.test.tf

_g := tf.resource_with("aws_eks_node_group.g", {}, {"subnet_ids": true}, {"subnet_ids": ["aws_subnet.a"], "launch_template.0.id": ["aws_launch_template.lt"]})

test_public_subnet_and_public_ip_fail if {
	inp := tf.input_of([_g, tf.resource("aws_subnet.a", {"map_public_ip_on_launch": true}), tf.resource("aws_launch_template.lt", {"network_interfaces": [{"associate_public_ip_address": "true"}]})])
	count(private_subnets.deny) == 2 with input as inp
}

test_private_passes if {
	count(private_subnets.deny) == 0 with input as tf.input_of([_g, tf.resource("aws_subnet.a", {"map_public_ip_on_launch": false}), tf.resource("aws_launch_template.lt", {"network_interfaces": [{"associate_public_ip_address": "false"}]})])
}
