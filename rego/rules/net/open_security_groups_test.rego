package eks.rules.net.open_security_groups_test

import data.eks.rules.net.open_security_groups
import data.eks.test.tf

_sg(ingress) := tf.resource("aws_security_group.sg", {"ingress": ingress})

_rule(from, to, proto, cidrs) := {"from_port": from, "to_port": to, "protocol": proto, "cidr_blocks": cidrs, "ipv6_cidr_blocks": []}

test_ssh_rdp_and_all_ports_fail if {
	inp := tf.input_of([_sg([
		_rule(22, 22, "tcp", ["0.0.0.0/0"]),
		_rule(3000, 4000, "tcp", ["0.0.0.0/0"]),
		_rule(0, 0, "-1", ["0.0.0.0/0"]),
		_rule(443, 443, "tcp", ["0.0.0.0/0"]),
		_rule(22, 22, "tcp", ["10.0.0.0/8"]),
	])])
	findings := open_security_groups.deny with input as inp
	{f.path | some f in findings} == {["values", "ingress", 0], ["values", "ingress", 1], ["values", "ingress", 2]}
	every f in findings {
		f.severity == "high"
	}
}

test_rule_resources if {
	inp := tf.input_of([
		tf.resource("aws_security_group_rule.r", {"type": "ingress", "from_port": 0, "to_port": 65535, "protocol": "tcp", "cidr_blocks": ["0.0.0.0/0"]}),
		tf.resource("aws_vpc_security_group_ingress_rule.v", {"from_port": 22, "to_port": 22, "ip_protocol": "tcp", "cidr_ipv6": "::/0"}),
		tf.resource("aws_security_group_rule.egress", {"type": "egress", "from_port": 0, "to_port": 0, "protocol": "-1", "cidr_blocks": ["0.0.0.0/0"]}),
	])
	findings := open_security_groups.deny with input as inp
	tf.addresses(findings, inp) == {"aws_security_group_rule.r", "aws_vpc_security_group_ingress_rule.v"}
}

test_attached_to_eks_is_critical if {
	sg := _sg([_rule(22, 22, "tcp", ["0.0.0.0/0"])])
	cluster := tf.resource_with("aws_eks_cluster.c", {}, {}, {"vpc_config.0.security_group_ids": ["aws_security_group.sg"]})
	findings := open_security_groups.deny with input as tf.input_of([sg, cluster])
	[f.severity | some f in findings] == ["critical"]
}

# A range that reaches both admin ports is one description, not a conflict that aborts the evaluation.
test_range_reaching_ssh_and_rdp_is_one_finding if {
	inp := tf.input_of([_sg([_rule(1, 65000, "tcp", ["0.0.0.0/0"]), _rule(20, 1e300, "tcp", ["0.0.0.0/0"])])])
	findings := open_security_groups.deny with input as inp
	count(findings) == 2
	every f in findings {
		contains(f.message, "ports 22 and 3389")
	}
}
