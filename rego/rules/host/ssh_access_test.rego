package eks.rules.host.ssh_access_test

import data.eks.rules.host.ssh_access
import data.eks.test.tf

test_key_without_sources_is_high if {
	findings := ssh_access.deny with input as tf.input_of([tf.resource("aws_eks_node_group.g", {"remote_access": [{"ec2_ssh_key": "ops", "source_security_group_ids": []}]})])
	[object.get(f, "severity", "high") | some f in findings] == ["high"]
}

test_restricted_remote_access_is_medium if {
	findings := ssh_access.deny with input as tf.input_of([tf.resource("aws_eks_node_group.g", {"remote_access": [{"ec2_ssh_key": "ops", "source_security_group_ids": ["sg-1"]}]})])
	[f.severity | some f in findings] == ["medium"]
}

test_launch_template_key_is_medium if {
	g := tf.resource_with("aws_eks_node_group.g", {}, {}, {"launch_template.0.id": ["aws_launch_template.lt"]})
	findings := ssh_access.deny with input as tf.input_of([g, tf.resource("aws_launch_template.lt", {"key_name": "ops"})])
	[f.severity | some f in findings] == ["medium"]
}

test_no_ssh_passes if {
	count(ssh_access.deny) == 0 with input as tf.input_of([tf.resource("aws_eks_node_group.g", {"remote_access": []})])
}
