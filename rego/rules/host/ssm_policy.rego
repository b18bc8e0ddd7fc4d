# METADATA
# title: Node role uses least-privilege SSM access
# description: >-
#   AmazonSSMManagedInstanceCore allows ssm:GetParameter(s) on every parameter. The EKS Best
#   Practices recommend a minimal custom policy for SSM Session Manager access to nodes.
#   Reported as a warning on the node role's attachment.
# related_resources:
#   - ref: https://docs.aws.amazon.com/eks/latest/best-practices/protecting-the-infrastructure.html
#     description: EKS Best Practices, Minimal IAM policy for SSM based SSH Access
# custom:
#   id: EKS-HOST-006
#   severity: low
#   mode: warn
#   input: tf
#   remediation: >-
#     Replace AmazonSSMManagedInstanceCore with a custom policy limited to the ssm, ssmmessages
#     and ec2messages actions Session Manager needs.
#   compliance:
#     eks-bp: ["hosts"]
#   tags: [terraform, iam, nodes, ssm]
package eks.rules.host.ssm_policy

import data.eks.lib.result
import data.eks.lib.tf

deny contains result.new("EKS-HOST-006", a.doc, a.path, msg) if {
	some x in tf.node_roles
	some a in tf.role_attachments(x.role)
	a.arn == "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore"
	msg := sprintf("Node role %s has AmazonSSMManagedInstanceCore, which reads every SSM parameter. Use a minimal custom policy for Session Manager.", [x.role.name])
}
