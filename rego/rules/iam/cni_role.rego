# METADATA
# title: VPC CNI (aws-node) uses its own IAM role; node role lacks AmazonEKS_CNI_Policy
# description: >-
#   When AmazonEKS_CNI_Policy is attached to the node role, every pod that can reach the
#   instance metadata gets the CNI's network permissions. Give the vpc-cni add-on its own
#   role (service_account_role_arn or a pod_identity_association) and detach the policy from
#   the node role. When the plan manages no vpc-cni add-on, aws-node's credentials cannot be
#   judged and the finding is informational.
# related_resources:
#   - ref: https://docs.aws.amazon.com/eks/latest/best-practices/identity-and-access-management.html
#     description: EKS Best Practices, Update the aws-node daemonset to use IRSA
# custom:
#   id: EKS-IAM-013
#   severity: medium
#   mode: enforce
#   input: tf
#   remediation: >-
#     Set service_account_role_arn (IRSA) or a pod_identity_association on the vpc-cni
#     aws_eks_addon, with AmazonEKS_CNI_Policy on that role, and remove the attachment from the
#     node role.
#   compliance:
#     eks-bp: ["iam"]
#   tags: [terraform, iam, vpc-cni]
package eks.rules.iam.cni_role

import data.eks.lib.result
import data.eks.lib.tf

_cni_policy := "arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy"

_cni_addons(plan) := {a |
	some a in tf.managed("aws_eks_addon")
	a.object.plan == plan
	tf.get(a, ["addon_name"]) == "vpc-cni"
}

_own_role(a) if {
	v := tf.get(a, ["service_account_role_arn"])
	is_string(v)
	v != ""
}

_own_role(a) if tf.unknown(a, ["service_account_role_arn"])

_own_role(a) if {
	pia := tf.get(a, ["pod_identity_association"])
	is_array(pia)
	count(pia) > 0
}

_cni_attachments contains {"att": att, "role": x.role} if {
	some x in tf.node_roles
	some att in tf.role_attachments(x.role)
	att.arn == _cni_policy
}

deny contains result.new("EKS-IAM-013", x.att.doc, x.att.path, msg) if {
	some x in _cni_attachments
	some a in _cni_addons(x.role.object.plan)
	not _own_role(a)
	msg := sprintf("Node role %s has AmazonEKS_CNI_Policy attached and the vpc-cni add-on %s has no role of its own, so every pod that reaches the instance metadata gets the CNI's permissions. Give the add-on a role (service_account_role_arn or pod_identity_association) and detach the policy from the node role.", [x.role.name, a.name])
}

deny contains tf.finding("EKS-IAM-013", x.att.doc, x.att.path, msg, {"severity": "info"}) if {
	some x in _cni_attachments
	count(_cni_addons(x.role.object.plan)) == 0
	msg := sprintf("Node role %s has AmazonEKS_CNI_Policy attached; the plan manages no vpc-cni add-on, so whether aws-node has a role of its own cannot be evaluated. Give aws-node its own role and detach the policy from the node role.", [x.role.name])
}
