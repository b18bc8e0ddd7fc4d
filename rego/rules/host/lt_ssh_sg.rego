# METADATA
# title: Node launch templates do not allow public SSH through their SGs
# description: >-
#   A security group of a node launch template (vpc_security_group_ids or network_interfaces
#   security_groups) that lets 0.0.0.0/0 or ::/0 reach port 22 (or every port) exposes SSH on
#   the nodes (see EKS-NET-011 for the rule itself).
# related_resources:
#   - ref: https://docs.aws.amazon.com/eks/latest/best-practices/protecting-the-infrastructure.html
#     description: EKS Best Practices, Minimize access to worker nodes
# custom:
#   id: EKS-HOST-008
#   severity: high
#   mode: enforce
#   input: tf
#   remediation: Remove the world-open ingress from the node security group; use SSM Session Manager.
#   compliance:
#     eks-bp: ["hosts"]
#   tags: [terraform, eks, nodes, ssh]
package eks.rules.host.lt_ssh_sg

import data.eks.lib.result
import data.eks.lib.tf
import data.eks.rules.iam.imdsv2
import data.eks.rules.net.open_security_groups

deny contains result.new("EKS-HOST-008", lt, ["values", "vpc_security_group_ids"], msg) if {
	some lt in imdsv2.node_templates
	some sg in (tf.refs(lt, "vpc_security_group_ids") | tf.refs_under(lt, "network_interfaces"))
	sg.kind == "aws_security_group"
	some r in object.get(open_security_groups.rules_by_group, [sg.object.plan, sg.name], set())
	r.what in {"port 22", "all ports"}
	msg := sprintf("Node launch template %s uses security group %s, which allows %s from %s: SSH to the nodes is open to the internet.", [lt.name, sg.name, r.what, r.cidr])
}
