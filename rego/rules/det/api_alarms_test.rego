package eks.rules.det.api_alarms_test

import data.eks.rules.det.api_alarms
import data.eks.test.tf

_base := [
	tf.resource("aws_eks_cluster.c", {"name": "prod"}),
	tf.resource("aws_cloudwatch_log_group.g", {"name": "/aws/eks/prod/cluster"}),
]

_filter(name, pattern) := tf.resource(sprintf("aws_cloudwatch_log_metric_filter.%s", [name]), {"log_group_name": "/aws/eks/prod/cluster", "pattern": pattern, "metric_transformation": [{"name": name}]})

_alarm(name) := tf.resource(sprintf("aws_cloudwatch_metric_alarm.%s", [name]), {"metric_name": name})

test_no_filters_fails if {
	findings := api_alarms.deny with input as tf.input_of(_base)
	some f in findings
	contains(f.message, "401/403 responses and aws-auth changes")
}

test_filters_with_alarms_pass if {
	inp := tf.input_of(array.concat(_base, [
		_filter("denied", `{ $.responseStatus.code = 401 || $.responseStatus.code = 403 }`), _alarm("denied"),
		_filter("awsauth", `{ $.objectRef.name = "aws-auth" && $.verb = "update" }`), _alarm("awsauth"),
	]))
	count(api_alarms.deny) == 0 with input as inp
}

test_filter_without_alarm_fails if {
	inp := tf.input_of(array.concat(_base, [
		_filter("denied", `{ $.responseStatus.code = 403 }`),
		_filter("awsauth", `{ $.objectRef.name = "aws-auth" }`), _alarm("awsauth"),
	]))
	findings := api_alarms.deny with input as inp
	[f.message | some f in findings; contains(f.message, "401/403")] != []
}
