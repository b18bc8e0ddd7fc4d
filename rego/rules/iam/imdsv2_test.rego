package eks.rules.iam.imdsv2_test

import data.eks.rules.iam.imdsv2
import data.eks.test.tf

_group := tf.resource_with("aws_eks_node_group.ng", {"launch_template": [{"id": null, "version": null}]}, {"launch_template": [{"id": true}]}, {"launch_template.0.id": ["aws_launch_template.lt"]})

test_missing_block_fails if {
	inp := tf.input_of([_group, tf.resource("aws_launch_template.lt", {"metadata_options": []})])
	findings := imdsv2.deny with input as inp
	tf.at(findings, inp) == {["aws_launch_template.lt", ["values", "metadata_options"]]}
}

test_optional_tokens_fail if {
	inp := tf.input_of([_group, tf.resource("aws_launch_template.lt", {"metadata_options": [{"http_tokens": "optional", "http_endpoint": "enabled"}]})])
	findings := imdsv2.deny with input as inp
	tf.at(findings, inp) == {["aws_launch_template.lt", ["values", "metadata_options", 0, "http_tokens"]]}
}

test_required_or_disabled_passes if {
	count(imdsv2.deny) == 0 with input as tf.input_of([_group, tf.resource("aws_launch_template.lt", {"metadata_options": [{"http_tokens": "required"}]})])
	count(imdsv2.deny) == 0 with input as tf.input_of([_group, tf.resource("aws_launch_template.lt", {"metadata_options": [{"http_endpoint": "disabled"}]})])
}

test_unreferenced_template_ignored if {
	count(imdsv2.deny) == 0 with input as tf.input_of([tf.resource("aws_launch_template.lt", {"metadata_options": []})])
}

test_template_by_known_name_and_asg if {
	g := tf.resource("aws_eks_node_group.ng", {"launch_template": [{"name": "nodes"}]})
	lt := tf.resource("aws_launch_template.lt", {"name": "nodes"})
	count(imdsv2.deny) == 1 with input as tf.input_of([g, lt])
	asg := tf.resource_with("aws_autoscaling_group.asg", {}, {}, {"launch_template.0.id": ["aws_launch_template.lt"]})
	count(imdsv2.deny) == 1 with input as tf.input_of([asg, lt])
}
