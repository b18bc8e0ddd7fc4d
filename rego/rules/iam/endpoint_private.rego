# METADATA
# title: Private endpoint on, public endpoint off
# description: >-
#   The cluster API should be reachable only from the VPC: endpoint_private_access = true
#   (default false) and endpoint_public_access = false (default true).
# related_resources:
#   - ref: https://docs.aws.amazon.com/eks/latest/userguide/cluster-endpoint.html
#     description: Amazon EKS cluster endpoint access control
# custom:
#   id: EKS-IAM-002
#   severity: medium
#   mode: enforce
#   input: tf
#   remediation: >-
#     In the cluster's vpc_config, set endpoint_private_access = true and
#     endpoint_public_access = false; reach the API through the VPC (VPN, bastion, SSM).
#   fix:
#     before: |
#       vpc_config {
#         endpoint_public_access = true
#       }
#     after: |
#       vpc_config {
#         endpoint_private_access = true
#         endpoint_public_access  = false
#       }
#   compliance:
#     cis-eks: ["5.4.2"]
#     eks-bp: ["iam"]
#   tags: [terraform, eks, network-exposure]
package eks.rules.iam.endpoint_private

import data.eks.lib.result
import data.eks.lib.tf

deny contains result.new("EKS-IAM-002", doc, ["values", "vpc_config", 0, "endpoint_private_access"], msg) if {
	some doc in tf.clusters
	not tf.is_true(tf.attr(doc, "vpc_config", "endpoint_private_access"))
	msg := sprintf("%s: the private API endpoint is off (endpoint_private_access defaults to false), so nodes and operators reach the API over the internet. Set endpoint_private_access = true.", [doc.name])
}

deny contains result.new("EKS-IAM-002", doc, ["values", "vpc_config", 0, "endpoint_public_access"], msg) if {
	some doc in tf.clusters
	tf.is_true(tf.attr(doc, "vpc_config", "endpoint_private_access"))
	not tf.is_false(tf.attr(doc, "vpc_config", "endpoint_public_access"))
	msg := sprintf("%s: the public API endpoint is still on (endpoint_public_access defaults to true). Set endpoint_public_access = false.", [doc.name])
}
