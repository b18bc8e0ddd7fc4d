# METADATA
# title: API endpoint not open to the whole internet
# description: >-
#   An aws_eks_cluster whose public endpoint is on (the default) and whose public_access_cidrs
#   is unset, unknown at plan time, empty or contains 0.0.0.0/0 or ::/0 exposes the Kubernetes
#   API to the whole internet: EKS fills an unset list with 0.0.0.0/0.
# related_resources:
#   - ref: https://docs.aws.amazon.com/eks/latest/best-practices/identity-and-access-management.html
#     description: EKS Best Practices, Make the EKS Cluster Endpoint private
# custom:
#   id: EKS-IAM-001
#   severity: high
#   mode: enforce
#   input: tf
#   remediation: >-
#     Set `vpc_config { endpoint_public_access = false }` (with endpoint_private_access = true),
#     or list the CIDRs that may reach the API in `public_access_cidrs`.
#   fix:
#     before: |
#       vpc_config {
#         subnet_ids = var.subnets
#       }
#     after: |
#       vpc_config {
#         subnet_ids              = var.subnets
#         endpoint_private_access = true
#         endpoint_public_access  = false
#       }
#   compliance:
#     cis-eks: ["5.4.1"]
#     eks-bp: ["iam"]
#   tags: [terraform, eks, network-exposure]
package eks.rules.iam.endpoint_public

import data.eks.lib.result
import data.eks.lib.tf

_open(cidrs) if {
	is_array(cidrs)
	count(cidrs) == 0
}

_open(cidrs) if {
	is_array(cidrs)
	some c in cidrs
	c in {"0.0.0.0/0", "::/0"}
}

_public(doc) if not tf.is_false(tf.attr(doc, "vpc_config", "endpoint_public_access"))

deny contains result.new("EKS-IAM-001", doc, path, msg) if {
	some doc in tf.clusters
	_public(doc)
	vpc := tf.block(doc, "vpc_config")
	cidrs := object.get(vpc, "public_access_cidrs", null)
	_open(cidrs)
	path := ["values", "vpc_config", 0, "public_access_cidrs"]
	msg := sprintf("%s: the public API endpoint is open to the internet (public_access_cidrs includes 0.0.0.0/0 or ::/0, or is empty). Disable endpoint_public_access or restrict public_access_cidrs.", [doc.name])
}

deny contains result.new("EKS-IAM-001", doc, path, msg) if {
	some doc in tf.clusters
	_public(doc)
	vpc := tf.block(doc, "vpc_config")
	object.get(vpc, "public_access_cidrs", null) == null
	path := ["values", "vpc_config", 0, "endpoint_public_access"]
	msg := sprintf("%s: the public API endpoint is on (the default) and public_access_cidrs is not set, so EKS opens it to 0.0.0.0/0. Set endpoint_public_access = false or list the allowed CIDRs in public_access_cidrs.", [doc.name])
}
