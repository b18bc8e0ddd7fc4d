# METADATA
# title: Node and persistent EBS volumes encrypted
# description: >-
#   Terraform part: every block device of an aws_launch_template must be encrypted (encrypted
#   is the string "true" in launch templates), unless the plans manage
#   aws_ebs_encryption_by_default with enabled = true.
# related_resources:
#   - ref: https://docs.aws.amazon.com/eks/latest/best-practices/data-encryption-and-secrets-management.html
#     description: EKS Best Practices, Encryption at rest
# custom:
#   id: EKS-DATA-004
#   severity: medium
#   mode: enforce
#   input: tf
#   remediation: >-
#     Set ebs { encrypted = "true" kms_key_id = aws_kms_key.ebs.arn } in each block_device_mappings,
#     or manage aws_ebs_encryption_by_default { enabled = true }.
#   compliance:
#     eks-bp: ["data"]
#   tags: [terraform, ebs, encryption]
package eks.rules.data.ebs_encryption

import data.eks.lib.result
import data.eks.lib.tf

_by_default if {
	some d in tf.managed("aws_ebs_encryption_by_default")
	not tf.is_false(tf.get(d, ["enabled"]))
}

deny contains result.new("EKS-DATA-004", lt, ["values", "block_device_mappings", i, "ebs", 0, "encrypted"], msg) if {
	not _by_default
	some lt in tf.managed("aws_launch_template")
	some i, m in tf.get(lt, ["block_device_mappings"])
	is_object(m)
	ebs := object.get(m, ["ebs", 0], {})
	not tf.is_true(object.get(ebs, "encrypted", null))
	msg := sprintf("Launch template %s: block device %s is not encrypted (ebs.encrypted is not \"true\") and account-level EBS encryption by default is not managed. Set encrypted = \"true\".", [lt.name, result.show(object.get(m, "device_name", i))])
}

# A default, so the rule is computed once: OPA's Wasm target does not memoise undefined rules.
default _by_default := false
