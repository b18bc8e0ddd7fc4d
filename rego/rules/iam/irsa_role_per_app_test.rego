package eks.rules.iam.irsa_role_per_app_test

import data.eks.rules.iam.role_per_app
import data.eks.test.fixtures

_sa(ns, name, arn) := {"apiVersion": "v1", "kind": "ServiceAccount", "metadata": {"name": name, "namespace": ns, "annotations": {"eks.amazonaws.com/role-arn": arn}}}

_shared := "arn:aws:iam::111122223333:role/shared"

_objs := [
	_sa("a", "app", _shared),
	_sa("b", "app", _shared),
	_sa("c", "own", "arn:aws:iam::111122223333:role/own"),
	_sa("a", "app", _shared),
]

test_shared_role_on_each_service_account if {
	findings := {f | some f in role_per_app.deny; f.rule == "EKS-IAM-012"} with input as fixtures.input_of(_objs)
	{[f.doc, f.path] | some f in findings} == {
		[0, ["metadata", "annotations", "eks.amazonaws.com/role-arn"]],
		[1, ["metadata", "annotations", "eks.amazonaws.com/role-arn"]],
		[3, ["metadata", "annotations", "eks.amazonaws.com/role-arn"]],
	}
	some f in findings
	f.doc == 1
	f.message == `ServiceAccount "b/app" uses IAM role arn:aws:iam::111122223333:role/shared, which ServiceAccount a/app also use: give each application its own role`
}

test_same_service_account_twice_is_one_pair if {
	count(role_per_app.deny) == 0 with input as fixtures.input_of([_objs[0], _objs[3], _objs[2]])
}

test_configured_shared_roles if {
	ctx := object.union(fixtures.default_context, {"service_accounts": {"shared_roles": ["arn:aws:iam::*:role/shared"]}})
	count(role_per_app.deny) == 0 with input as fixtures.input_with(_objs, ctx)
}
