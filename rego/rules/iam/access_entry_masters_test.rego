package eks.rules.iam.access_entry_masters_test

import data.eks.rules.iam.access_entry_masters
import data.eks.test.tf

test_system_masters_fails_at_the_item if {
	inp := tf.input_of([tf.resource("aws_eks_access_entry.e", {"kubernetes_groups": ["dev", "system:masters"]})])
	findings := access_entry_masters.deny with input as inp
	tf.at(findings, inp) == {["aws_eks_access_entry.e", ["values", "kubernetes_groups", 1]]}
}

test_other_groups_pass if {
	count(access_entry_masters.deny) == 0 with input as tf.input_of([tf.resource("aws_eks_access_entry.e", {"kubernetes_groups": ["dev"]})])
	count(access_entry_masters.deny) == 0 with input as tf.input_of([tf.resource("aws_eks_access_entry.e", {"kubernetes_groups": "system:masters"})])
}
