package eks.rules.ir.quarantine_test

import data.eks.rules.ir.quarantine
import data.eks.test.tf

_addon(cfg) := tf.resource("aws_eks_addon.cni", {"addon_name": "vpc-cni", "configuration_values": cfg})

test_no_engine_fails if {
	count(quarantine.deny) == 1 with input as tf.input_of([_addon(null)])
}

test_enabled_passes if {
	count(quarantine.deny) == 0 with input as tf.input_of([_addon(json.marshal({"enableNetworkPolicy": "true"}))])
	count(quarantine.deny) == 0 with input as tf.input_of([tf.resource("aws_eks_addon.coredns", {"addon_name": "coredns"})])
}
