# METADATA
# title: Secrets envelope encryption with a customer-managed KMS key
# description: >-
#   The cluster should encrypt Kubernetes Secrets with a customer-managed KMS key:
#   encryption_config with resources containing "secrets" and provider.key_arn set (a key
#   created by the same plan is unknown until apply, which counts as set).
# related_resources:
#   - ref: https://docs.aws.amazon.com/eks/latest/best-practices/data-encryption-and-secrets-management.html
#     description: EKS Best Practices, Use AWS KMS for envelope encryption of Kubernetes secrets
# custom:
#   id: EKS-DATA-001
#   severity: high
#   mode: enforce
#   input: tf
#   remediation: >-
#     Add encryption_config { resources = ["secrets"] provider { key_arn = aws_kms_key.eks.arn } }
#     to the cluster.
#   fix:
#     before: |
#       resource "aws_eks_cluster" "this" {
#         name = "prod"
#     after: |
#       resource "aws_eks_cluster" "this" {
#         name = "prod"
#         encryption_config {
#           resources = ["secrets"]
#           provider {
#             key_arn = aws_kms_key.eks.arn
#           }
#         }
#   compliance:
#     cis-eks: ["5.3.1"]
#     eks-bp: ["data"]
#   tags: [terraform, eks, encryption]
package eks.rules.data.secrets_encryption

import data.eks.lib.result
import data.eks.lib.tf

_config(doc) := tf.block(doc, "encryption_config")

deny contains result.new("EKS-DATA-001", doc, ["values", "encryption_config"], msg) if {
	some doc in tf.clusters
	_config(doc) == {}
	not tf.unknown(doc, ["encryption_config"])
	msg := sprintf("%s does not encrypt Kubernetes Secrets with a KMS key (no encryption_config). Add encryption_config with resources = [\"secrets\"] and a customer-managed key_arn.", [doc.name])
}

deny contains result.new("EKS-DATA-001", doc, ["values", "encryption_config", 0, "resources"], msg) if {
	some doc in tf.clusters
	cfg := _config(doc)
	cfg != {}
	not "secrets" in tf.strings(object.get(cfg, "resources", []))
	not tf.unknown(doc, ["encryption_config", 0, "resources"])
	msg := sprintf("%s has an encryption_config whose resources do not include \"secrets\".", [doc.name])
}

deny contains result.new("EKS-DATA-001", doc, ["values", "encryption_config", 0, "provider", 0, "key_arn"], msg) if {
	some doc in tf.clusters
	cfg := _config(doc)
	cfg != {}
	key := object.get(cfg, ["provider", 0, "key_arn"], null)
	not _set(key)
	not tf.unknown(doc, ["encryption_config", 0, "provider", 0, "key_arn"])
	count(tf.refs_under(doc, "encryption_config")) == 0
	msg := sprintf("%s has an encryption_config without a KMS key_arn. Set provider.key_arn to a customer-managed key.", [doc.name])
}

_set(v) if {
	is_string(v)
	v != ""
}

# METADATA
# title: Secrets keys
# description: The aws_kms_key resources the plans' clusters encrypt Secrets with (for EKS-DATA-002).
secrets_keys contains k if {
	some c in tf.clusters
	some k in tf.refs_under(c, "encryption_config")
	k.kind == "aws_kms_key"
}
