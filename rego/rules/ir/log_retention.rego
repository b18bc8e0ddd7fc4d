# METADATA
# title: Log retention covers the investigation window
# description: >-
#   Control-plane logs and CloudTrail logs must outlive the investigation window
#   (terraform.ir-window-days in the configuration, default 90 days): the cluster log group's
#   retention_in_days (0 means never expire) and the CloudTrail bucket's lifecycle expiration.
# related_resources:
#   - ref: https://docs.aws.amazon.com/eks/latest/best-practices/incident-response-and-forensics.html
#     description: EKS Best Practices, Incident response and forensics
# custom:
#   id: EKS-IR-006
#   severity: low
#   mode: enforce
#   input: tf
#   remediation: Raise retention_in_days and the trail bucket's expiration to at least the investigation window.
#   compliance:
#     eks-bp: ["incidents", "detective"]
#   tags: [terraform, logging, incident-response]
package eks.rules.ir.log_retention

import data.eks.lib.result
import data.eks.lib.tf
import data.eks.rules.det.log_group

# METADATA
# title: Investigation window
# description: The configured investigation window in days.
window := object.get(input.context, ["terraform", "ir_window_days"], 90)

deny contains result.new("EKS-IR-006", x.group, ["values", "retention_in_days"], msg) if {
	some x in log_group.cluster_groups
	days := tf.get(x.group, ["retention_in_days"])
	is_number(days)
	days > 0
	days < window
	msg := sprintf("Log group %s keeps control-plane logs %d days, shorter than the %d-day investigation window.", [x.group.name, days, window])
}

_trail_buckets contains b if {
	some t in tf.managed("aws_cloudtrail")
	some b in tf.refs(t, "s3_bucket_name")
	b.kind == "aws_s3_bucket"
}

deny contains result.new("EKS-IR-006", lc, ["values", "rule", i, "expiration", 0, "days"], msg) if {
	some b in _trail_buckets
	some lc in tf.referring(b, "aws_s3_bucket_lifecycle_configuration")
	some i, r in tf.get(lc, ["rule"])
	object.get(r, "status", "Enabled") == "Enabled"
	days := object.get(r, ["expiration", 0, "days"], null)
	is_number(days)
	days > 0
	days < window
	msg := sprintf("%s expires CloudTrail logs of bucket %s after %d days, shorter than the %d-day investigation window.", [lc.name, b.name, days, window])
}
