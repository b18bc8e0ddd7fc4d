# METADATA
# title: Alarms on suspicious API activity
# description: >-
#   The cluster's control-plane log group should carry metric filters, each with a CloudWatch
#   alarm on its metric, for spikes of 401/403 responses and for changes to the aws-auth
#   ConfigMap.
# related_resources:
#   - ref: https://docs.aws.amazon.com/eks/latest/best-practices/auditing-and-logging.html
#     description: EKS Best Practices, Create alarms for suspicious events
# custom:
#   id: EKS-DET-006
#   severity: low
#   mode: enforce
#   input: tf
#   remediation: >-
#     Add aws_cloudwatch_log_metric_filter resources on /aws/eks/<name>/cluster with the patterns
#     `{ $.responseStatus.code = 401 || $.responseStatus.code = 403 }` and
#     `{ $.objectRef.name = "aws-auth" && ($.verb = "update" || $.verb = "patch") }`, and an
#     aws_cloudwatch_metric_alarm on each filter's metric.
#   compliance:
#     eks-bp: ["detective"]
#   tags: [terraform, logging, alerting]
package eks.rules.det.api_alarms

import data.eks.lib.result
import data.eks.lib.tf
import data.eks.rules.det.log_group

_filters(c) := {f |
	some x in log_group.cluster_groups
	x.cluster == c
	some f in tf.managed("aws_cloudwatch_log_metric_filter")
	f.object.plan == c.object.plan
	_on_group(f, x.group)
}

_on_group(f, g) if g in tf.refs(f, "log_group_name")

_on_group(f, g) if {
	n := tf.get(f, ["log_group_name"])
	is_string(n)
	n == tf.get(g, ["name"])
}

_alarmed(f) if {
	metric := object.get(tf.block(f, "metric_transformation"), "name", null)
	is_string(metric)
	some a in tf.managed("aws_cloudwatch_metric_alarm")
	tf.get(a, ["metric_name"]) == metric
}

_alarmed(f) if {
	some a in tf.managed("aws_cloudwatch_metric_alarm")
	f in tf.refs(a, "metric_name")
}

_kinds := {
	"401/403 responses": `401|403|Unauthorized|Forbidden`,
	"aws-auth changes": `aws-auth`,
}

deny contains result.new("EKS-DET-006", c, [], msg) if {
	some c in tf.clusters
	missing := {k |
		some k, re in _kinds
		not _watched(c, re)
	}
	count(missing) > 0
	msg := sprintf("%s: no metric filter with an alarm watches the control-plane log group for %s. Add aws_cloudwatch_log_metric_filter and aws_cloudwatch_metric_alarm resources for them.", [c.name, concat(" and ", sort(missing))])
}

_watched(c, re) if {
	some f in _filters(c)
	p := tf.get(f, ["pattern"])
	is_string(p)
	regex.match(re, p)
	_alarmed(f)
}
