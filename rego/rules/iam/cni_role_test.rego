package eks.rules.iam.cni_role_test

import data.eks.rules.iam.cni_role
import data.eks.test.tf

_base := [
	tf.resource("aws_iam_role.node", {"name": "node"}),
	tf.resource_with("aws_eks_node_group.ng", {"node_role_arn": null}, {"node_role_arn": true}, {"node_role_arn": ["aws_iam_role.node"]}),
	tf.resource_with("aws_iam_role_policy_attachment.cni", {"policy_arn": "arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy", "role": "node"}, {}, {"role": ["aws_iam_role.node"]}),
]

test_addon_without_role_fails_on_the_attachment if {
	inp := tf.input_of(array.concat(_base, [tf.resource("aws_eks_addon.cni", {"addon_name": "vpc-cni"})]))
	findings := cni_role.deny with input as inp
	tf.at(findings, inp) == {["aws_iam_role_policy_attachment.cni", ["values", "policy_arn"]]}
}

test_addon_with_own_role_passes if {
	addon := tf.resource_with("aws_eks_addon.cni", {"addon_name": "vpc-cni", "service_account_role_arn": null}, {"service_account_role_arn": true}, {})
	count(cni_role.deny) == 0 with input as tf.input_of(array.concat(_base, [addon]))
}

test_no_addon_is_informational if {
	findings := cni_role.deny with input as tf.input_of(_base)
	[f.severity | some f in findings] == ["info"]
}
