package eks.rules.cmp.scope_metadata_tf_test

import data.eks.rules.cmp.scope_metadata
import data.eks.test.tf

_ctx := {"compliance": {"required_labels": [], "required_tags": ["data-classification", "owner"]}}

test_missing_tags_fail if {
	inp := tf.input_with([tf.resource("aws_eks_cluster.c", {"tags": {"owner": "team"}})], _ctx)
	findings := scope_metadata.deny with input as inp
	[f.message | some f in findings] == ["aws_eks_cluster.c lacks the required compliance tag(s) data-classification."]
}

test_tags_present_or_none_required_pass if {
	count(scope_metadata.deny) == 0 with input as tf.input_with([tf.resource("aws_eks_cluster.c", {"tags_all": {"owner": "t", "data-classification": "c"}})], _ctx)
	count(scope_metadata.deny) == 0 with input as tf.input_of([tf.resource("aws_eks_cluster.c", {})])
}
