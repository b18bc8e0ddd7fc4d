package eks.rules.host.ssm_policy_test

import data.eks.rules.host.ssm_policy
import data.eks.test.tf

_nodes(policy) := [
	tf.resource("aws_iam_role.node", {"name": "node"}),
	tf.resource_with("aws_eks_node_group.g", {}, {"node_role_arn": true}, {"node_role_arn": ["aws_iam_role.node"]}),
	tf.resource("aws_iam_role_policy_attachment.a", {"role": "node", "policy_arn": policy}),
]

test_core_policy_warns if {
	count(ssm_policy.deny) == 1 with input as tf.input_of(_nodes("arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore"))
	count(ssm_policy.deny) == 0 with input as tf.input_of(_nodes("arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy"))
}
