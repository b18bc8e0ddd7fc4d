package eks.rules.iam.role_per_app_tf_test

import data.eks.rules.iam.role_per_app
import data.eks.test.tf

_pia(name, ns, sa) := tf.resource_with(sprintf("aws_eks_pod_identity_association.%s", [name]), {"namespace": ns, "service_account": sa, "role_arn": null}, {"role_arn": true}, {"role_arn": ["aws_iam_role.shared"]})

test_shared_role_fails_on_each_association if {
	inp := tf.input_of([tf.resource("aws_iam_role.shared", {"name": "shared"}), _pia("a", "shop", "api"), _pia("b", "billing", "worker")])
	findings := role_per_app.deny with input as inp
	tf.addresses(findings, inp) == {"aws_eks_pod_identity_association.a", "aws_eks_pod_identity_association.b"}
}

test_one_binding_passes if {
	count(role_per_app.deny) == 0 with input as tf.input_of([tf.resource("aws_iam_role.shared", {"name": "shared"}), _pia("a", "shop", "api")])
}

test_abac_tagged_role_is_exempt if {
	role := tf.resource("aws_iam_role.shared", {"name": "shared", "tags": {"eks-policy-gate.io/shared-role": "true"}})
	count(role_per_app.deny) == 0 with input as tf.input_of([role, _pia("a", "shop", "api"), _pia("b", "billing", "worker")])
}
