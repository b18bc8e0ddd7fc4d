# METADATA
# title: Every ECR repository has a lifecycle policy
# description: >-
#   Without an aws_ecr_lifecycle_policy, old (and vulnerable) images pile up in the
#   repository and stay deployable.
# related_resources:
#   - ref: https://docs.aws.amazon.com/eks/latest/best-practices/image-security.html
#     description: EKS Best Practices, Implement lifecycle policies for ECR
# custom:
#   id: EKS-IMG-009
#   severity: low
#   mode: enforce
#   input: tf
#   remediation: Add an aws_ecr_lifecycle_policy for the repository that expires untagged and old images.
#   compliance:
#     eks-bp: ["image"]
#   tags: [terraform, ecr]
package eks.rules.img.ecr_lifecycle

import data.eks.lib.result
import data.eks.lib.tf

_has_policy(r) if count(tf.referring(r, "aws_ecr_lifecycle_policy")) > 0

_has_policy(r) if {
	name := tf.get(r, ["name"])
	is_string(name)
	some p in tf.managed("aws_ecr_lifecycle_policy")
	p.object.plan == r.object.plan
	tf.get(p, ["repository"]) == name
}

deny contains result.new("EKS-IMG-009", r, [], msg) if {
	some r in tf.managed("aws_ecr_repository")
	not _has_policy(r)
	msg := sprintf("ECR repository %s has no lifecycle policy. Add an aws_ecr_lifecycle_policy that expires old images.", [r.name])
}
