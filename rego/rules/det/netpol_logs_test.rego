package eks.rules.det.netpol_logs_test

import data.eks.rules.det.netpol_logs
import data.eks.test.tf

_addon(cfg) := tf.resource("aws_eks_addon.cni", {"addon_name": "vpc-cni", "configuration_values": json.marshal(cfg)})

test_policy_without_logs_fails if {
	count(netpol_logs.deny) == 1 with input as tf.input_of([_addon({"enableNetworkPolicy": "true"})])
}

test_logs_on_or_no_policy_pass if {
	count(netpol_logs.deny) == 0 with input as tf.input_of([_addon({"enableNetworkPolicy": "true", "nodeAgent": {"enablePolicyEventLogs": "true"}})])
	count(netpol_logs.deny) == 0 with input as tf.input_of([_addon({})])
	count(netpol_logs.deny) == 0 with input as tf.input_of([tf.resource("aws_eks_addon.cni", {"addon_name": "vpc-cni", "configuration_values": "{oops"})])
}
