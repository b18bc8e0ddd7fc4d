package eks.rules.ir.forensics_access_test

import data.eks.rules.ir.forensics_access
import data.eks.test.tf

_nodes(g, extra) := array.concat([tf.resource("aws_iam_role.node", {"name": "node"}), g], extra)

_g(values) := tf.resource_with("aws_eks_node_group.g", values, {"node_role_arn": true}, {"node_role_arn": ["aws_iam_role.node"]})

test_no_ssh_no_ssm_fails if {
	count(forensics_access.deny) == 1 with input as tf.input_of(_nodes(_g({"remote_access": []}), []))
}

test_ssm_or_ssh_passes if {
	core := tf.resource("aws_iam_role_policy_attachment.ssm", {"role": "node", "policy_arn": "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore"})
	count(forensics_access.deny) == 0 with input as tf.input_of(_nodes(_g({}), [core]))
	custom := tf.resource("aws_iam_policy.ssm", {"policy": json.marshal({"Statement": [{"Effect": "Allow", "Action": ["ssmmessages:CreateControlChannel"], "Resource": "*"}]})})
	att := tf.resource_with("aws_iam_role_policy_attachment.c", {"role": "node"}, {"policy_arn": true}, {"policy_arn": ["aws_iam_policy.ssm"]})
	count(forensics_access.deny) == 0 with input as tf.input_of(_nodes(_g({}), [custom, att]))
	count(forensics_access.deny) == 0 with input as tf.input_of(_nodes(_g({"remote_access": [{"ec2_ssh_key": "k"}]}), []))
}
