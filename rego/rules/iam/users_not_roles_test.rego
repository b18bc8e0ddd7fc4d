package eks.rules.iam.users_not_roles_test

import data.eks.rules.iam.users_not_roles
import data.eks.test.tf

test_user_principal_fails if {
	inp := tf.input_of([
		tf.resource("aws_eks_access_entry.user", {"principal_arn": "arn:aws:iam::111122223333:user/alice"}),
		tf.resource("aws_eks_access_entry.role", {"principal_arn": "arn:aws:iam::111122223333:role/dev"}),
	])
	findings := users_not_roles.deny with input as inp
	tf.addresses(findings, inp) == {"aws_eks_access_entry.user"}
}

test_user_by_reference_fails if {
	inp := tf.input_of([
		tf.resource("aws_iam_user.alice", {"name": "alice"}),
		tf.resource_with("aws_eks_access_entry.e", {"principal_arn": null}, {"principal_arn": true}, {"principal_arn": ["aws_iam_user.alice"]}),
	])
	count(users_not_roles.deny) == 1 with input as inp
}
