# METADATA
# title: ECR repositories use KMS encryption
# description: >-
#   ECR encrypts with AES256 by default; encryption_configuration { encryption_type = "KMS" }
#   puts the images under a key whose use is logged and controlled by its policy.
# related_resources:
#   - ref: https://docs.aws.amazon.com/AmazonECR/latest/userguide/encryption-at-rest.html
#     description: Amazon ECR encryption at rest
# custom:
#   id: EKS-IMG-007
#   severity: low
#   mode: enforce
#   input: tf
#   remediation: Add encryption_configuration { encryption_type = "KMS" kms_key = aws_kms_key.ecr.arn }.
#   compliance:
#     eks-bp: ["image"]
#   tags: [terraform, ecr, encryption]
package eks.rules.img.ecr_kms

import data.eks.lib.result
import data.eks.lib.tf

deny contains result.new("EKS-IMG-007", r, ["values", "encryption_configuration"], msg) if {
	some r in tf.managed("aws_ecr_repository")
	object.get(tf.block(r, "encryption_configuration"), "encryption_type", "AES256") != "KMS"
	msg := sprintf("ECR repository %s is not encrypted with a KMS key (AES256 by default). Set encryption_configuration { encryption_type = \"KMS\" }.", [r.name])
}
