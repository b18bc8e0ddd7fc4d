package eks.rules.iam.access_policy_admin_test

import data.eks.rules.iam.access_policy_admin
import data.eks.test.fixtures
import data.eks.test.tf

_assoc(name, policy, scope, principal) := tf.resource(sprintf("aws_eks_access_policy_association.%s", [name]), {
	"policy_arn": sprintf("arn:aws:eks::aws:cluster-access-policy/%s", [policy]),
	"access_scope": [{"type": scope, "namespaces": []}],
	"principal_arn": principal,
})

test_cluster_admin_and_cluster_wide_edit_fail if {
	inp := tf.input_of([
		_assoc("admin", "AmazonEKSClusterAdminPolicy", "namespace", "arn:aws:iam::111122223333:role/dev"),
		_assoc("edit", "AmazonEKSEditPolicy", "cluster", "arn:aws:iam::111122223333:role/dev"),
		_assoc("edit_ns", "AmazonEKSEditPolicy", "namespace", "arn:aws:iam::111122223333:role/dev"),
		_assoc("view", "AmazonEKSViewPolicy", "cluster", "arn:aws:iam::111122223333:role/dev"),
	])
	findings := access_policy_admin.deny with input as inp
	tf.addresses(findings, inp) == {"aws_eks_access_policy_association.admin", "aws_eks_access_policy_association.edit"}
}

test_break_glass_principal_passes if {
	ctx := {"cluster": {"version": "", "break_glass": ["arn:aws:iam::111122223333:role/break-*"]}}
	inp := tf.input_with([_assoc("admin", "AmazonEKSClusterAdminPolicy", "cluster", "arn:aws:iam::111122223333:role/break-glass")], ctx)
	count(access_policy_admin.deny) == 0 with input as inp
}

test_break_glass_role_by_reference if {
	ctx := object.union(fixtures.default_context, {"cluster": {"version": "", "break_glass": ["break-glass"]}})
	role := tf.resource("aws_iam_role.bg", {"name": "break-glass"})
	assoc := tf.resource_with("aws_eks_access_policy_association.a", {"policy_arn": "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy", "access_scope": [{"type": "cluster"}]}, {"principal_arn": true}, {"principal_arn": ["aws_iam_role.bg"]})
	inp := object.union(tf.input_of([role, assoc]), {"context": ctx})
	count(access_policy_admin.deny) == 0 with input as inp
}
