package eks.rules.det.cloudtrail_insights_test

import data.eks.rules.det.cloudtrail_insights
import data.eks.test.tf

test_missing_insights_fails if {
	count(cloudtrail_insights.deny) == 1 with input as tf.input_of([tf.resource("aws_cloudtrail.t", {"insight_selector": []})])
	count(cloudtrail_insights.deny) == 1 with input as tf.input_of([tf.resource("aws_cloudtrail.t", {})])
}

test_insights_pass if {
	count(cloudtrail_insights.deny) == 0 with input as tf.input_of([tf.resource("aws_cloudtrail.t", {"insight_selector": [{"insight_type": "ApiCallRateInsight"}]})])
}
