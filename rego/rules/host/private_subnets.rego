# METADATA
# title: Nodes in private subnets, no public IPs
# description: >-
#   Node groups should run in private subnets: a subnet of the node group (resolved through
#   references) with map_public_ip_on_launch = true, or a launch template network interface
#   with associate_public_ip_address = "true" (a string in launch templates), gives nodes
#   public IP addresses.
# related_resources:
#   - ref: https://docs.aws.amazon.com/eks/latest/best-practices/protecting-the-infrastructure.html
#     description: EKS Best Practices, Deploy workers onto private subnets
# custom:
#   id: EKS-HOST-003
#   severity: medium
#   mode: enforce
#   input: tf
#   remediation: >-
#     Put the node group in private subnets (map_public_ip_on_launch = false, egress through a
#     NAT gateway) and remove associate_public_ip_address from the launch template.
#   compliance:
#     cis-eks: ["5.4.3"]
#     eks-bp: ["hosts"]
#   tags: [terraform, eks, nodes, network]
package eks.rules.host.private_subnets

import data.eks.lib.result
import data.eks.lib.tf

deny contains result.new("EKS-HOST-003", g, ["values", "subnet_ids"], msg) if {
	some g in tf.managed("aws_eks_node_group")
	some s in tf.refs(g, "subnet_ids")
	s.kind == "aws_subnet"
	tf.is_true(tf.get(s, ["map_public_ip_on_launch"]))
	msg := sprintf("Node group %s uses subnet %s, which assigns public IPs on launch (map_public_ip_on_launch = true). Run nodes in private subnets.", [g.name, s.name])
}

deny contains result.new("EKS-HOST-003", lt, ["values", "network_interfaces", i, "associate_public_ip_address"], msg) if {
	some g in tf.managed("aws_eks_node_group")
	some lt in tf.launch_templates(g)
	some i, ni in tf.get(lt, ["network_interfaces"])
	tf.is_true(object.get(ni, "associate_public_ip_address", null))
	msg := sprintf("Launch template %s of node group %s gives nodes a public IP (associate_public_ip_address = \"true\"). Remove it and use private subnets.", [lt.name, g.name])
}
