package eks.rules.img.ecr_policy_test

import data.eks.rules.img.ecr_policy
import data.eks.test.tf

_policy(st) := tf.resource("aws_ecr_repository_policy.p", {"policy": json.marshal({"Statement": [st]})})

test_public_policy_fails if {
	count(ecr_policy.deny) == 1 with input as tf.input_of([_policy({"Effect": "Allow", "Principal": "*", "Action": "ecr:BatchGetImage"})])
}

test_org_condition_passes if {
	count(ecr_policy.deny) == 0 with input as tf.input_of([_policy({"Effect": "Allow", "Principal": "*", "Action": "ecr:BatchGetImage", "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-123"}}})])
}

test_policy_document_is_read if {
	doc := tf.resource("data.aws_iam_policy_document.d", {"statement": [{"actions": ["ecr:*"], "principals": [{"type": "AWS", "identifiers": ["*"]}]}]})
	p := tf.resource_with("aws_ecr_repository_policy.p", {"policy": null}, {"policy": true}, {"policy": ["data.aws_iam_policy_document.d"]})
	count(ecr_policy.deny) == 1 with input as tf.input_of([doc, p])
}
