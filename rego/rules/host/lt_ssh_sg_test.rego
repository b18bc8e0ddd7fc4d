package eks.rules.host.lt_ssh_sg_test

import data.eks.rules.host.lt_ssh_sg
import data.eks.test.tf

_nodes(ingress) := [
	tf.resource_with("aws_eks_node_group.g", {}, {}, {"launch_template.0.id": ["aws_launch_template.lt"]}),
	tf.resource_with("aws_launch_template.lt", {}, {}, {"vpc_security_group_ids": ["aws_security_group.sg"]}),
	tf.resource("aws_security_group.sg", {"ingress": ingress}),
]

test_world_ssh_fails if {
	count(lt_ssh_sg.deny) == 1 with input as tf.input_of(_nodes([{"from_port": 22, "to_port": 22, "protocol": "tcp", "cidr_blocks": ["0.0.0.0/0"]}]))
}

test_other_ports_pass if {
	count(lt_ssh_sg.deny) == 0 with input as tf.input_of(_nodes([{"from_port": 3389, "to_port": 3389, "protocol": "tcp", "cidr_blocks": ["0.0.0.0/0"]}]))
	count(lt_ssh_sg.deny) == 0 with input as tf.input_of(_nodes([{"from_port": 22, "to_port": 22, "protocol": "tcp", "cidr_blocks": ["10.0.0.0/8"]}]))
}
