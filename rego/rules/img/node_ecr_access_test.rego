package eks.rules.img.node_ecr_access_test

import data.eks.rules.img.node_ecr_access
import data.eks.test.tf

_nodes(extra) := array.concat(
	[
		tf.resource("aws_iam_role.node", {"name": "node"}),
		tf.resource_with("aws_eks_node_group.g", {}, {"node_role_arn": true}, {"node_role_arn": ["aws_iam_role.node"]}),
	],
	extra,
)

test_power_user_fails_read_only_passes if {
	count(node_ecr_access.deny) == 1 with input as tf.input_of(_nodes([tf.resource("aws_iam_role_policy_attachment.a", {"role": "node", "policy_arn": "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryPowerUser"})]))
	count(node_ecr_access.deny) == 0 with input as tf.input_of(_nodes([tf.resource("aws_iam_role_policy_attachment.a", {"role": "node", "policy_arn": "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly"})]))
}

test_inline_write_fails if {
	p := tf.resource_with("aws_iam_role_policy.p", {"policy": json.marshal({"Statement": [{"Effect": "Allow", "Action": ["ecr:PutImage"], "Resource": "*"}]})}, {}, {"role": ["aws_iam_role.node"]})
	count(node_ecr_access.deny) == 1 with input as tf.input_of(_nodes([p]))
}
