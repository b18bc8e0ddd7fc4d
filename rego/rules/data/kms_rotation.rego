# METADATA
# title: KMS keys auto-rotate
# description: >-
#   Symmetric customer-managed KMS keys (customer_master_key_spec absent or SYMMETRIC_DEFAULT)
#   should have enable_key_rotation = true (the default is false). High for the key that
#   encrypts a cluster's Secrets.
# related_resources:
#   - ref: https://docs.aws.amazon.com/eks/latest/best-practices/data-encryption-and-secrets-management.html
#     description: EKS Best Practices, Rotate your CMKs periodically
# custom:
#   id: EKS-DATA-002
#   severity: medium
#   mode: enforce
#   input: tf
#   remediation: Set enable_key_rotation = true on the aws_kms_key.
#   fix:
#     before: |
#       resource "aws_kms_key" "eks" {
#         description = "EKS secrets"
#       }
#     after: |
#       resource "aws_kms_key" "eks" {
#         description         = "EKS secrets"
#         enable_key_rotation = true
#       }
#   compliance:
#     eks-bp: ["data"]
#   tags: [terraform, kms, encryption]
package eks.rules.data.kms_rotation

import data.eks.lib.tf
import data.eks.rules.data.secrets_encryption

_symmetric(k) if tf.get(k, ["customer_master_key_spec"]) in {null, "SYMMETRIC_DEFAULT"}

_severity(k) := "high" if secrets_encryption.secrets_keys[k]

else := "medium"

_use(k) := " It encrypts a cluster's Secrets." if secrets_encryption.secrets_keys[k]

else := ""

deny contains tf.finding("EKS-DATA-002", k, ["values", "enable_key_rotation"], msg, {"severity": _severity(k)}) if {
	some k in tf.managed("aws_kms_key")
	_symmetric(k)
	not tf.is_true(tf.get(k, ["enable_key_rotation"]))
	msg := sprintf("KMS key %s does not rotate automatically (enable_key_rotation defaults to false).%s Set enable_key_rotation = true.", [k.name, _use(k)])
}
