# METADATA
# title: EFS encrypted at rest and in transit
# description: >-
#   Terraform part: aws_efs_file_system must set encrypted = true (the default is false).
#   In-transit encryption is set on the PersistentVolume (Kubernetes part).
# related_resources:
#   - ref: https://docs.aws.amazon.com/eks/latest/best-practices/data-encryption-and-secrets-management.html
#     description: EKS Best Practices, Encryption at rest
# custom:
#   id: EKS-DATA-005
#   severity: medium
#   mode: enforce
#   input: tf
#   remediation: Set encrypted = true (and kms_key_id) on the aws_efs_file_system.
#   compliance:
#     eks-bp: ["data"]
#   tags: [terraform, efs, encryption]
package eks.rules.data.efs_encryption

import data.eks.lib.result
import data.eks.lib.tf

deny contains result.new("EKS-DATA-005", fs, ["values", "encrypted"], msg) if {
	some fs in tf.managed("aws_efs_file_system")
	not tf.is_true(tf.get(fs, ["encrypted"]))
	msg := sprintf("EFS file system %s is not encrypted at rest. Set encrypted = true.", [fs.name])
}
