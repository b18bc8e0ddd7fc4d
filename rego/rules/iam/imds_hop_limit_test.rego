package eks.rules.iam.imds_hop_limit_test

import data.eks.rules.iam.imds_hop_limit
import data.eks.test.tf

_group(tags) := tf.resource_with("aws_eks_node_group.ng", {"tags": tags}, {}, {"launch_template.0.id": ["aws_launch_template.lt"]})

_lt(md) := tf.resource("aws_launch_template.lt", {"metadata_options": md})

test_hop_limit_two_fails if {
	findings := imds_hop_limit.deny with input as tf.input_of([_group({}), _lt([{"http_tokens": "required", "http_put_response_hop_limit": 2}])])
	count(findings) == 1
}

test_opt_in_allows_two_only if {
	count(imds_hop_limit.deny) == 0 with input as tf.input_of([_group({"eks-policy-gate.io/imds-from-pods": "true"}), _lt([{"http_put_response_hop_limit": 2}])])
	count(imds_hop_limit.deny) == 1 with input as tf.input_of([_group({"eks-policy-gate.io/imds-from-pods": "true"}), _lt([{"http_put_response_hop_limit": 3}])])
}

test_unset_warns if {
	findings := imds_hop_limit.deny with input as tf.input_of([_group({}), _lt([])])
	[f.mode | some f in findings] == ["warn"]
}

test_one_passes if {
	count(imds_hop_limit.deny) == 0 with input as tf.input_of([_group({}), _lt([{"http_put_response_hop_limit": 1}])])
}
