# METADATA
# title: All control-plane log types enabled
# description: >-
#   enabled_cluster_log_types must list audit and authenticator (high when either is missing)
#   and api, controllerManager and scheduler (medium). The values are case-sensitive.
# related_resources:
#   - ref: https://docs.aws.amazon.com/eks/latest/best-practices/auditing-and-logging.html
#     description: EKS Best Practices, Enable audit logs
# custom:
#   id: EKS-DET-001
#   severity: high
#   mode: enforce
#   input: tf
#   remediation: >-
#     Set enabled_cluster_log_types = ["api", "audit", "authenticator", "controllerManager", "scheduler"].
#   fix:
#     before: |
#       enabled_cluster_log_types = ["api"]
#     after: |
#       enabled_cluster_log_types = ["api", "audit", "authenticator", "controllerManager", "scheduler"]
#   compliance:
#     cis-eks: ["2.1.1"]
#     eks-bp: ["detective"]
#   tags: [terraform, eks, logging]
package eks.rules.det.control_plane_logs

import data.eks.lib.result
import data.eks.lib.tf

_enabled(doc) := {t | some t in tf.strings(tf.get(doc, ["enabled_cluster_log_types"]))}

deny contains result.new("EKS-DET-001", doc, ["values", "enabled_cluster_log_types"], msg) if {
	some doc in tf.clusters
	missing := {"audit", "authenticator"} - _enabled(doc)
	count(missing) > 0
	msg := sprintf("%s does not send the %s control-plane logs to CloudWatch, so API activity and IAM authentication cannot be audited. Add them to enabled_cluster_log_types (case-sensitive).", [doc.name, concat(" and ", sort(missing))])
}

deny contains tf.finding("EKS-DET-001", doc, ["values", "enabled_cluster_log_types"], msg, {"severity": "medium"}) if {
	some doc in tf.clusters
	count({"audit", "authenticator"} - _enabled(doc)) == 0
	missing := {"api", "controllerManager", "scheduler"} - _enabled(doc)
	count(missing) > 0
	msg := sprintf("%s does not enable the %s control-plane log type(s). Add them to enabled_cluster_log_types (case-sensitive: controllerManager).", [doc.name, concat(", ", sort(missing))])
}
