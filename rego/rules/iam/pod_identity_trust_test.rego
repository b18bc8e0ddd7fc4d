package eks.rules.iam.pod_identity_trust_test

import data.eks.rules.iam.pod_identity_trust
import data.eks.test.tf

_role(actions, condition) := tf.resource("aws_iam_role.pi", {"assume_role_policy": json.marshal({"Statement": [{
	"Effect": "Allow", "Action": actions,
	"Principal": {"Service": "pods.eks.amazonaws.com"}, "Condition": condition,
}]})})

test_well_formed_passes if {
	count(pod_identity_trust.deny) == 0 with input as tf.input_of([_role(["sts:AssumeRole", "sts:TagSession"], {"StringEquals": {"aws:SourceAccount": "111122223333"}})])
}

test_extra_action_fails if {
	findings := pod_identity_trust.deny with input as tf.input_of([_role(["sts:AssumeRole", "sts:TagSession", "sts:AssumeRoleWithWebIdentity"], {"StringEquals": {"aws:SourceAccount": "1"}})])
	[f.message | some f in findings; not f.mode] != []
}

test_no_confused_deputy_condition_warns if {
	findings := pod_identity_trust.deny with input as tf.input_of([_role("sts:AssumeRole", {})])
	[f.mode | some f in findings] == ["warn"]
}
