package eks.rules.det.flow_logs_test

import data.eks.rules.det.flow_logs
import data.eks.test.tf

_net := [
	tf.resource("aws_vpc.main", {}),
	tf.resource_with("aws_subnet.a", {}, {"vpc_id": true}, {"vpc_id": ["aws_vpc.main"]}),
	tf.resource_with("aws_eks_cluster.c", {"vpc_config": [{}]}, {}, {"vpc_config.0.subnet_ids": ["aws_subnet.a"]}),
]

test_no_flow_log_fails if {
	inp := tf.input_of(_net)
	findings := flow_logs.deny with input as inp
	tf.at(findings, inp) == {["aws_eks_cluster.c", ["values", "vpc_config", 0, "subnet_ids"]]}
}

test_flow_log_on_the_vpc_passes_and_partial_traffic_warns if {
	fl := tf.resource_with("aws_flow_log.f", {"traffic_type": "ALL"}, {"vpc_id": true}, {"vpc_id": ["aws_vpc.main"]})
	count(flow_logs.deny) == 0 with input as tf.input_of(array.concat(_net, [fl]))
	rejects := tf.resource_with("aws_flow_log.f", {"traffic_type": "REJECT"}, {"vpc_id": true}, {"vpc_id": ["aws_vpc.main"]})
	findings := flow_logs.deny with input as tf.input_of(array.concat(_net, [rejects]))
	[f.mode | some f in findings] == ["warn"]
}

test_external_subnets_are_informational if {
	findings := flow_logs.deny with input as tf.input_of([tf.resource("aws_eks_cluster.c", {"vpc_config": [{"subnet_ids": ["subnet-1"]}]})])
	[f.severity | some f in findings] == ["info"]
}
