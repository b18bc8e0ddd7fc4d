# METADATA
# title: GuardDuty EKS Audit Log Monitoring on
# description: >-
#   GuardDuty analyses the EKS audit logs for threats (anonymous access, known-bad IPs,
#   privilege escalation). Where the plans manage an EKS cluster, some plan of the scan should
#   manage an enabled aws_guardduty_detector (enable defaults to true) with EKS audit-log
#   monitoring on: an aws_guardduty_detector_feature EKS_AUDIT_LOGS with status ENABLED, or the
#   legacy datasources.kubernetes.audit_logs.enable.
# related_resources:
#   - ref: https://docs.aws.amazon.com/eks/latest/best-practices/runtime-security.html
#     description: EKS Best Practices, Use Amazon GuardDuty
# custom:
#   id: EKS-DET-005
#   severity: high
#   mode: enforce
#   input: tf
#   remediation: >-
#     Manage aws_guardduty_detector (enable = true) and aws_guardduty_detector_feature
#     { name = "EKS_AUDIT_LOGS" status = "ENABLED" } for it.
#   compliance:
#     eks-bp: ["runtime", "detective"]
#   tags: [terraform, guardduty, threat-detection]
package eks.rules.det.guardduty_audit

import data.eks.lib.result
import data.eks.lib.tf

# METADATA
# title: Enabled detectors
# description: The aws_guardduty_detector resources whose enable is not false.
detectors := {d | some d in tf.managed("aws_guardduty_detector"); not tf.is_false(tf.get(d, ["enable"]))}

# METADATA
# title: Features of a detector
# description: The aws_guardduty_detector_feature resources of a detector, by reference or known id.
features(d) := {f | some f in tf.referring(d, "aws_guardduty_detector_feature")} | {f |
	some f in tf.managed("aws_guardduty_detector_feature")
	id := tf.get(f, ["detector_id"])
	is_string(id)
	id == tf.get(d, ["id"])
}

# METADATA
# title: Feature enabled
# description: True when a detector has a feature of that name with status ENABLED.
feature_enabled(d, name) if {
	some f in features(d)
	tf.get(f, ["name"]) == name
	tf.get(f, ["status"]) == "ENABLED"
}

_legacy(d) if {
	ds := tf.block(d, "datasources")
	k := object.get(ds, ["kubernetes", 0, "audit_logs", 0, "enable"], false)
	tf.is_true(k)
}

_audit(d) if feature_enabled(d, "EKS_AUDIT_LOGS")

_audit(d) if _legacy(d)

_covered if {
	some d in detectors
	_audit(d)
}

deny contains result.new("EKS-DET-005", c, [], msg) if {
	some c in tf.clusters
	count(detectors) == 0
	msg := sprintf("%s: no plan of this scan manages an enabled GuardDuty detector, so threats in the EKS audit logs go undetected. Manage aws_guardduty_detector with the EKS_AUDIT_LOGS feature enabled (or scan the plan that does).", [c.name])
}

deny contains result.new("EKS-DET-005", d, [], msg) if {
	count(tf.clusters) > 0
	some d in detectors
	not _covered
	msg := sprintf("GuardDuty detector %s does not monitor the EKS audit logs. Add aws_guardduty_detector_feature { name = \"EKS_AUDIT_LOGS\" status = \"ENABLED\" } for it.", [d.name])
}

# A default, so the rule is computed once: OPA's Wasm target does not memoise undefined rules.
default _covered := false
