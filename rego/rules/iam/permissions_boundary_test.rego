package eks.rules.iam.permissions_boundary_test

import data.eks.rules.iam.permissions_boundary
import data.eks.test.tf

_pia := tf.resource_with("aws_eks_pod_identity_association.a", {"namespace": "shop", "service_account": "api"}, {"role_arn": true}, {"role_arn": ["aws_iam_role.app"]})

test_workload_role_without_boundary_fails if {
	inp := tf.input_of([tf.resource("aws_iam_role.app", {"name": "app", "permissions_boundary": null}), _pia])
	findings := permissions_boundary.deny with input as inp
	tf.at(findings, inp) == {["aws_iam_role.app", ["values", "permissions_boundary"]]}
}

test_boundary_or_non_workload_passes if {
	count(permissions_boundary.deny) == 0 with input as tf.input_of([tf.resource("aws_iam_role.app", {"permissions_boundary": "arn:aws:iam::1:policy/b"}), _pia])
	count(permissions_boundary.deny) == 0 with input as tf.input_of([tf.resource("aws_iam_role.other", {})])
}
