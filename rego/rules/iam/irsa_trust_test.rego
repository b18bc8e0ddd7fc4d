package eks.rules.iam.irsa_trust_test

import data.eks.rules.iam.irsa_trust
import data.eks.test.tf

_issuer := "oidc.eks.eu-west-1.amazonaws.com/id/ABCDEF"

_trust(condition) := json.marshal({"Version": "2012-10-17", "Statement": [{
	"Effect": "Allow",
	"Action": "sts:AssumeRoleWithWebIdentity",
	"Principal": {"Federated": sprintf("arn:aws:iam::111122223333:oidc-provider/%s", [_issuer])},
	"Condition": condition,
}]})

_role(condition) := tf.resource("aws_iam_role.app", {"name": "app", "assume_role_policy": _trust(condition)})

test_scoped_trust_passes if {
	cond := {"StringEquals": {sprintf("%s:sub", [_issuer]): "system:serviceaccount:shop:api", sprintf("%s:aud", [_issuer]): "sts.amazonaws.com"}}
	count(irsa_trust.deny) == 0 with input as tf.input_of([_role(cond)])
}

test_no_sub_condition_fails if {
	inp := tf.input_of([_role({"StringEquals": {sprintf("%s:aud", [_issuer]): "sts.amazonaws.com"}})])
	findings := irsa_trust.deny with input as inp
	tf.at(findings, inp) == {["aws_iam_role.app", ["values", "assume_role_policy"]]}
	some f in findings
	contains(f.message, "every service account")
}

test_missing_aud_fails if {
	inp := tf.input_of([_role({"StringEquals": {sprintf("%s:sub", [_issuer]): ["system:serviceaccount:shop:api"]}})])
	count(irsa_trust.deny) == 1 with input as inp
}

test_wildcard_like_fails if {
	cond := {
		"StringEquals": {sprintf("%s:aud", [_issuer]): "sts.amazonaws.com", sprintf("%s:sub", [_issuer]): "system:serviceaccount:shop:api"},
		"StringLike": {sprintf("%s:sub", [_issuer]): "system:serviceaccount:*:api"},
	}
	findings := irsa_trust.deny with input as tf.input_of([_role(cond)])
	some f in findings
	contains(f.message, "wildcard")
}

test_policy_document_with_unknown_issuer if {
	doc := tf.resource("data.aws_iam_policy_document.trust", {"statement": [{
		"actions": ["sts:AssumeRoleWithWebIdentity"],
		"principals": [{"type": "Federated", "identifiers": []}],
		"condition": [{"test": "StringLike", "variable": null, "values": ["system:serviceaccount:*"]}],
	}]})
	role := tf.resource_with("aws_iam_role.app", {"name": "app", "assume_role_policy": null}, {"assume_role_policy": true}, {"assume_role_policy": ["data.aws_iam_policy_document.trust"]})
	inp := tf.input_of([doc, role])
	findings := irsa_trust.deny with input as inp
	tf.at(findings, inp) == {["data.aws_iam_policy_document.trust", ["values", "statement", 0]]}
}

test_other_oidc_providers_ignored if {
	trust := json.marshal({"Statement": [{"Effect": "Allow", "Action": "sts:AssumeRoleWithWebIdentity", "Principal": {"Federated": "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"}}]})
	count(irsa_trust.deny) == 0 with input as tf.input_of([tf.resource("aws_iam_role.ci", {"assume_role_policy": trust})])
}
