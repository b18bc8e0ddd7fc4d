package eks.rules.mt.sandboxed_tf_test

import data.eks.rules.mt.sandboxed
import data.eks.test.tf

_profile := tf.resource("aws_eks_fargate_profile.untrusted", {"selector": [{"namespace": "sandbox-*", "labels": {"tier": "untrusted"}}]})

test_fargate_selector_matching if {
	sandboxed.on_fargate("sandbox-a", {"tier": "untrusted", "app": "x"}) with input as tf.input_of([_profile])
	not sandboxed.on_fargate("sandbox-a", {"app": "x"}) with input as tf.input_of([_profile])
	not sandboxed.on_fargate("prod", {"tier": "untrusted"}) with input as tf.input_of([_profile])
}
