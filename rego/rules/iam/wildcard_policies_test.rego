package eks.rules.iam.wildcard_policies_test

import data.eks.rules.iam.wildcard_policies
import data.eks.test.tf

_policy(statement) := tf.resource("aws_iam_policy.p", {"policy": json.marshal({"Version": "2012-10-17", "Statement": statement})})

test_admin_is_critical if {
	findings := wildcard_policies.deny with input as tf.input_of([_policy({"Effect": "Allow", "Action": "*", "Resource": "*"})])
	[f.severity | some f in findings] == ["critical"]
}

test_service_wildcard_is_high if {
	findings := wildcard_policies.deny with input as tf.input_of([_policy([{"Effect": "Allow", "Action": ["s3:*"], "Resource": "arn:aws:s3:::b/*"}])])
	[object.get(f, "severity", "high") | some f in findings] == ["high"]
}

test_write_on_star_is_high if {
	findings := wildcard_policies.deny with input as tf.input_of([_policy([{"Effect": "Allow", "Action": "iam:PassRole", "Resource": "*"}])])
	count(findings) == 1
}

test_read_and_scoped_pass if {
	count(wildcard_policies.deny) == 0 with input as tf.input_of([_policy([
		{"Effect": "Allow", "Action": ["ec2:DescribeInstances"], "Resource": "*"},
		{"Effect": "Allow", "Action": ["s3:PutObject"], "Resource": ["arn:aws:s3:::b/*"]},
		{"Effect": "Deny", "Action": "*", "Resource": "*"},
	])])
}

test_policy_document_reported_once if {
	doc := tf.resource("data.aws_iam_policy_document.d", {"statement": [{"actions": ["*"], "resources": ["*"]}]})
	pol := tf.resource_with("aws_iam_policy.p", {"policy": "{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}]}"}, {}, {"policy": ["data.aws_iam_policy_document.d"]})
	inp := tf.input_of([doc, pol])
	findings := wildcard_policies.deny with input as inp
	tf.at(findings, inp) == {["data.aws_iam_policy_document.d", ["values", "statement", 0]]}
}

test_not_action_is_low if {
	findings := wildcard_policies.deny with input as tf.input_of([_policy([{"Effect": "Allow", "NotAction": "iam:*", "Resource": "arn:aws:s3:::b"}])])
	[f.severity | some f in findings] == ["low"]
}

test_invalid_json_is_skipped if {
	count(wildcard_policies.deny) == 0 with input as tf.input_of([tf.resource("aws_iam_policy.p", {"policy": "{not json"})])
}
