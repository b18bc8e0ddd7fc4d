# METADATA
# title: Secrets come from an external store and are rotated
# description: >-
#   Secrets kept in AWS Secrets Manager should rotate. Terraform part: an
#   aws_secretsmanager_secret of the plans that no aws_secretsmanager_secret_rotation (and no
#   rotation_rules of its own) rotates is reported as a warning.
# related_resources:
#   - ref: https://docs.aws.amazon.com/eks/latest/best-practices/data-encryption-and-secrets-management.html
#     description: EKS Best Practices, Rotate your secrets periodically
# custom:
#   id: EKS-DATA-013
#   severity: low
#   mode: warn
#   input: tf
#   remediation: Add an aws_secretsmanager_secret_rotation (with a rotation Lambda) for the secret.
#   compliance:
#     cis-eks: ["4.4.2"]
#     eks-bp: ["data"]
#   tags: [terraform, secrets, rotation]
package eks.rules.data.external_secrets

import data.eks.lib.result
import data.eks.lib.tf

_rotated(s) if count(tf.referring(s, "aws_secretsmanager_secret_rotation")) > 0

_rotated(s) if {
	some r in tf.managed("aws_secretsmanager_secret_rotation")
	id := tf.get(r, ["secret_id"])
	is_string(id)
	id in {tf.get(s, ["arn"]), tf.get(s, ["id"]), tf.get(s, ["name"])}
}

_rotated(s) if {
	rules := tf.get(s, ["rotation_rules"])
	is_array(rules)
	count(rules) > 0
}

deny contains result.new("EKS-DATA-013", s, [], msg) if {
	some s in tf.managed("aws_secretsmanager_secret")
	not _rotated(s)
	msg := sprintf("Secrets Manager secret %s has no rotation. Add an aws_secretsmanager_secret_rotation for it.", [s.name])
}
