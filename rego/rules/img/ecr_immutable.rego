# METADATA
# title: ECR tags are immutable
# description: >-
#   With mutable tags (the default, MUTABLE), a pushed tag can be overwritten and a deployment
#   silently runs another image. image_tag_mutability should be IMMUTABLE (or
#   IMMUTABLE_WITH_EXCLUSION in newer providers).
# related_resources:
#   - ref: https://docs.aws.amazon.com/eks/latest/best-practices/image-security.html
#     description: EKS Best Practices, Use immutable tags with ECR
# custom:
#   id: EKS-IMG-005
#   severity: high
#   mode: enforce
#   input: tf
#   remediation: Set image_tag_mutability = "IMMUTABLE" on the aws_ecr_repository.
#   fix:
#     before: |
#       image_tag_mutability = "MUTABLE"
#     after: |
#       image_tag_mutability = "IMMUTABLE"
#   compliance:
#     eks-bp: ["image"]
#   tags: [terraform, ecr, supply-chain]
package eks.rules.img.ecr_immutable

import data.eks.lib.result
import data.eks.lib.tf

deny contains result.new("EKS-IMG-005", r, ["values", "image_tag_mutability"], msg) if {
	some r in tf.managed("aws_ecr_repository")
	m := object.get(r.object.values, "image_tag_mutability", null)
	not m in {"IMMUTABLE", "IMMUTABLE_WITH_EXCLUSION"}
	msg := sprintf("ECR repository %s has mutable tags (%v), so a tag can be overwritten with another image. Set image_tag_mutability = \"IMMUTABLE\".", [r.name, _shown(m)])
}

_shown(m) := m if is_string(m)

else := "MUTABLE by default"
