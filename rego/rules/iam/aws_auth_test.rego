package eks.rules.iam.aws_auth_test

import data.eks.rules.iam.aws_auth_accounts
import data.eks.rules.iam.aws_auth_masters
import data.eks.rules.iam.users_not_roles
import data.eks.test.fixtures

_map_roles := `- rolearn: arn:aws:iam::111122223333:role/nodes
  username: system:node:{{EC2PrivateDNSName}}
  groups:
    - system:bootstrappers
    - system:nodes
- rolearn: arn:aws:iam::111122223333:role/devops
  username: devops
  groups:
    - viewers
    - system:masters
- rolearn: arn:aws:iam::111122223333:role/break-glass
  username: admin
  groups: [system:masters]
`

_map_users := `- userarn: arn:aws:iam::111122223333:user/alice
  username: alice
  groups: [system:masters]
`

_aws_auth(d) := {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "aws-auth", "namespace": "kube-system"}, "data": d}

_ctx := object.union(fixtures.default_context, {"cluster": {"version": "", "break_glass": ["arn:aws:iam::111122223333:role/break-glass"]}})

test_system_masters_with_embedded_paths if {
	findings := aws_auth_masters.deny with input as fixtures.input_with([_aws_auth({"mapRoles": _map_roles, "mapUsers": _map_users})], _ctx)
	{[f.path, f.embedded] | some f in findings} == {
		[["data", "mapRoles"], [1, "groups", 1]],
		[["data", "mapUsers"], [0, "groups", 0]],
	}
	{f.message | some f in findings} == {
		`aws-auth mapRoles maps "arn:aws:iam::111122223333:role/devops" to system:masters, which bypasses RBAC; list break-glass principals under cluster.break-glass`,
		`aws-auth mapUsers maps "arn:aws:iam::111122223333:user/alice" to system:masters, which bypasses RBAC; list break-glass principals under cluster.break-glass`,
	}
}

test_break_glass_needs_configuration if {
	findings := aws_auth_masters.deny with input as fixtures.input_of([_aws_auth({"mapRoles": _map_roles})])
	{f.embedded | some f in findings} == {[1, "groups", 1], [2, "groups", 0]}
}

test_only_kube_system_aws_auth if {
	other := object.union(_aws_auth({"mapRoles": _map_roles}), {"metadata": {"namespace": "default"}})
	renamed := object.union(_aws_auth({"mapRoles": _map_roles}), {"metadata": {"name": "aws-auth-backup"}})
	count(aws_auth_masters.deny) == 0 with input as fixtures.input_of([other, renamed])
}

test_unreadable_mapping_is_info if {
	findings := aws_auth_masters.deny with input as fixtures.input_of([_aws_auth({"mapRoles": "rolearn: [unclosed", "mapUsers": "", "mapAccounts": "just a string"})])
	{[f.path, f.severity] | some f in findings} == {[["data", "mapRoles"], "info"], [["data", "mapAccounts"], "info"]}
}

test_list_written_directly if {
	doc := _aws_auth({"mapRoles": [{"rolearn": "arn:aws:iam::1:role/x", "groups": ["system:masters"]}]})
	findings := aws_auth_masters.deny with input as fixtures.input_of([doc])
	[[f.path, object.get(f, "embedded", null)] | some f in findings] == [[["data", "mapRoles", 0, "groups", 0], null]]
}

test_map_users_is_iam_006 if {
	findings := users_not_roles.deny with input as fixtures.input_of([_aws_auth({"mapRoles": _map_roles, "mapUsers": _map_users})])
	[[f.rule, f.path, f.embedded] | some f in findings] == [["EKS-IAM-006", ["data", "mapUsers"], [0]]]
	[f.message | some f in findings] == [`aws-auth mapUsers maps the IAM user "arn:aws:iam::111122223333:user/alice" to Kubernetes user "alice": map an IAM role that people assume (mapRoles or, better, an EKS access entry) instead`]
	count(users_not_roles.deny) == 0 with input as fixtures.input_of([_aws_auth({"mapRoles": _map_roles, "mapUsers": "[]\n"})])
}

test_map_accounts if {
	findings := aws_auth_accounts.deny with input as fixtures.input_of([_aws_auth({"mapAccounts": "- \"111122223333\"\n- \"444455556666\"\n"})])
	{f.embedded | some f in findings} == {[0], [1]}
	some f in findings
	f.message == `aws-auth mapAccounts maps every IAM principal of account "444455556666" into the cluster: map specific roles instead`
	count(aws_auth_accounts.deny) == 0 with input as fixtures.input_of([_aws_auth({"mapAccounts": "[]"})])
}

test_wrong_types_do_not_error if {
	docs := [
		_aws_auth("x"),
		_aws_auth({"mapRoles": "- 7\n- rolearn: x\n  groups: system:masters\n- groups: [7, system:masters]\n"}),
	]
	findings := aws_auth_masters.deny with input as fixtures.input_of(docs)
	{[f.doc, f.embedded] | some f in findings} == {[1, [2, "groups", 1]]}
}
