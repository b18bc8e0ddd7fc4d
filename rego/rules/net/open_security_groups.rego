# METADATA
# title: No security group open to the world on admin or all ports
# description: >-
#   An ingress rule from 0.0.0.0/0 or ::/0 that reaches port 22 (SSH), 3389 (RDP) or every port
#   (protocol -1 / "all", or 0-65535) exposes instances to the internet. Checked on
#   aws_security_group ingress blocks, aws_security_group_rule (type ingress) and
#   aws_vpc_security_group_ingress_rule. Critical when the group is attached to EKS: the
#   cluster's vpc_config.security_group_ids, a node launch template's vpc_security_group_ids,
#   or a node group's remote_access.source_security_group_ids.
# related_resources:
#   - ref: https://docs.aws.amazon.com/eks/latest/best-practices/network-security.html
#     description: EKS Best Practices, Security groups
# custom:
#   id: EKS-NET-011
#   severity: high
#   mode: enforce
#   input: tf
#   remediation: >-
#     Restrict the source to known CIDRs or security groups; reach nodes through SSM Session
#     Manager instead of SSH or RDP.
#   compliance:
#     cis-eks: ["5.4.3"]
#     eks-bp: ["network", "hosts"]
#   tags: [terraform, network, security-groups]
package eks.rules.net.open_security_groups

import data.eks.lib.result
import data.eks.lib.tf

_world := {"0.0.0.0/0", "::/0"}

_all_protocol(p) if p in {"-1", -1, "all"}

_reaches(from, to, proto, port) if {
	not _all_protocol(proto)
	is_number(from)
	is_number(to)
	from <= port
	port <= to
}

# METADATA
# title: Exposed ports of a rule
# description: What an ingress rule opens to the world, as a description (e.g. "port 22", "all ports").
exposure(from, to, proto) := "all ports" if _all_protocol(proto)

else := "all ports" if {
	from == 0
	to == 65535
}

# A range may reach both admin ports: one description (a function must not give two).
else := concat("", [
	"port",
	{true: "s", false: ""}[count(ports) > 1],
	" ",
	concat(" and ", [format_int(p, 10) | some p in sort(ports)]),
]) if {
	ports := {port | some port in [22, 3389]; _reaches(from, to, proto, port)}
	count(ports) > 0
}

# METADATA
# title: World-open ingress rules
# description: Every ingress rule open to the world on an admin port or all ports, as {sg, doc, path, what, cidr}.
open_rules contains {"sg": sg, "doc": sg, "path": ["values", "ingress", i], "what": what, "cidr": cidr} if {
	some sg in tf.managed("aws_security_group")
	some i, r in tf.get(sg, ["ingress"])
	is_object(r)
	some cidr in array.concat(tf.strings(object.get(r, "cidr_blocks", [])), tf.strings(object.get(r, "ipv6_cidr_blocks", [])))
	cidr in _world
	what := exposure(object.get(r, "from_port", null), object.get(r, "to_port", null), object.get(r, "protocol", null))
}

open_rules contains {"sg": sg, "doc": r, "path": ["values", "cidr_blocks"], "what": what, "cidr": cidr} if {
	some r in tf.managed("aws_security_group_rule")
	tf.get(r, ["type"]) == "ingress"
	some cidr in array.concat(tf.strings(tf.get(r, ["cidr_blocks"])), tf.strings(tf.get(r, ["ipv6_cidr_blocks"])))
	cidr in _world
	what := exposure(tf.get(r, ["from_port"]), tf.get(r, ["to_port"]), tf.get(r, ["protocol"]))
	sg := _group_of(r, "security_group_id")
}

open_rules contains {"sg": sg, "doc": r, "path": [], "what": what, "cidr": cidr} if {
	some r in tf.managed("aws_vpc_security_group_ingress_rule")
	some key in ["cidr_ipv4", "cidr_ipv6"]
	cidr := tf.get(r, [key])
	cidr in _world
	what := exposure(tf.get(r, ["from_port"]), tf.get(r, ["to_port"]), tf.get(r, ["ip_protocol"]))
	sg := _group_of(r, "security_group_id")
}

# METADATA
# title: World-open rules by security group
# description: open_rules indexed by the plan and address of their security group, built once.
rules_by_group := _group_rules

_group_rules[plan][address] contains r if {
	some r in open_rules
	plan := r.sg.object.plan
	address := r.sg.name
}

# The rule's security group in the plan, or the rule itself when the group is external.
_group_of(r, attr) := result.first(groups) if {
	groups := {g | some g in tf.refs(r, attr); g.kind == "aws_security_group"} # one even if several are referenced
	count(groups) > 0
} else := r

# METADATA
# title: Security groups attached to EKS
# description: Security groups of EKS clusters, node launch templates and node-group remote access.
eks_groups contains sg if {
	some c in tf.clusters
	some sg in tf.refs_under(c, "vpc_config")
	sg.kind == "aws_security_group"
}

eks_groups contains sg if {
	some g in tf.managed("aws_eks_node_group")
	some lt in tf.launch_templates(g)
	some sg in (tf.refs(lt, "vpc_security_group_ids") | tf.refs_under(lt, "network_interfaces"))
	sg.kind == "aws_security_group"
}

eks_groups contains sg if {
	some g in tf.managed("aws_eks_node_group")
	some sg in tf.refs_under(g, "remote_access")
	sg.kind == "aws_security_group"
}

deny contains tf.finding("EKS-NET-011", x.doc, x.path, msg, {"severity": sev}) if {
	some x in open_rules
	sev := _severity(x.sg)
	msg := sprintf("%s allows %s from %s%s. Restrict the source, and use SSM instead of SSH/RDP.", [x.doc.name, x.what, x.cidr, _eks_note(x.sg)])
}

_severity(sg) := "critical" if eks_groups[sg]

else := "high"

_eks_note(sg) := sprintf(" (security group %s is attached to EKS)", [sg.name]) if eks_groups[sg]

else := ""
