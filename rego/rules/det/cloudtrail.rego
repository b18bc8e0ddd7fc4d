# METADATA
# title: CloudTrail is multi-region, validated and encrypted
# description: >-
#   EKS API calls (and everything else in the account) are recorded by CloudTrail. Where the
#   plans manage an EKS cluster, some plan of the scan should manage a multi-region trail
#   (high); every trail should validate log files and be encrypted with a KMS key (medium),
#   and send events to CloudWatch Logs (a warning).
# related_resources:
#   - ref: https://docs.aws.amazon.com/eks/latest/best-practices/auditing-and-logging.html
#     description: EKS Best Practices, Audit your CloudTrail logs
# custom:
#   id: EKS-DET-003
#   severity: high
#   mode: enforce
#   input: tf
#   remediation: >-
#     Manage an aws_cloudtrail with is_multi_region_trail = true, enable_log_file_validation =
#     true, kms_key_id and cloud_watch_logs_group_arn.
#   compliance:
#     eks-bp: ["detective"]
#   tags: [terraform, logging, cloudtrail]
package eks.rules.det.cloudtrail

import data.eks.lib.result
import data.eks.lib.tf

_trails := tf.managed("aws_cloudtrail")

_multi_region if {
	some t in _trails
	tf.is_true(tf.get(t, ["is_multi_region_trail"]))
}

deny contains result.new("EKS-DET-003", c, [], msg) if {
	some c in tf.clusters
	not _multi_region
	msg := sprintf("%s: no plan of this scan manages a multi-region CloudTrail trail, so EKS API calls may go unrecorded. Manage an aws_cloudtrail with is_multi_region_trail = true (or scan the plan that does).", [c.name])
}

deny contains tf.finding("EKS-DET-003", t, ["values", "enable_log_file_validation"], msg, {"severity": "medium"}) if {
	some t in _trails
	not tf.is_true(tf.get(t, ["enable_log_file_validation"]))
	msg := sprintf("Trail %s does not validate its log files, so tampering goes unnoticed. Set enable_log_file_validation = true.", [t.name])
}

deny contains tf.finding("EKS-DET-003", t, ["values", "kms_key_id"], msg, {"severity": "medium"}) if {
	some t in _trails
	tf.absent(t, ["kms_key_id"])
	msg := sprintf("Trail %s is not encrypted with a KMS key. Set kms_key_id.", [t.name])
}

deny contains tf.finding("EKS-DET-003", t, ["values", "cloud_watch_logs_group_arn"], msg, {"severity": "low", "mode": "warn"}) if {
	some t in _trails
	tf.absent(t, ["cloud_watch_logs_group_arn"])
	msg := sprintf("Trail %s does not send events to CloudWatch Logs, so no alarm can fire on them. Set cloud_watch_logs_group_arn.", [t.name])
}

# A default, so the rule is computed once: OPA's Wasm target does not memoise undefined rules.
default _multi_region := false
