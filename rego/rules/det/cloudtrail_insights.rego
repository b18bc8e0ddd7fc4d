# METADATA
# title: CloudTrail Insights enabled
# description: >-
#   CloudTrail Insights flags unusual API call and error rates (e.g. a burst of denied calls
#   from a stolen pod credential). Each trail should have an insight_selector.
# related_resources:
#   - ref: https://docs.aws.amazon.com/eks/latest/best-practices/auditing-and-logging.html
#     description: EKS Best Practices, Use CloudTrail Insights to unearth suspicious activity
# custom:
#   id: EKS-DET-004
#   severity: low
#   mode: enforce
#   input: tf
#   remediation: >-
#     Add insight_selector { insight_type = "ApiCallRateInsight" } and
#     insight_selector { insight_type = "ApiErrorRateInsight" } to the trail.
#   compliance:
#     eks-bp: ["detective"]
#   tags: [terraform, logging, cloudtrail]
package eks.rules.det.cloudtrail_insights

import data.eks.lib.result
import data.eks.lib.tf

deny contains result.new("EKS-DET-004", t, ["values", "insight_selector"], msg) if {
	some t in tf.managed("aws_cloudtrail")
	types := {x.insight_type | some x in tf.get(t, ["insight_selector"]); is_object(x)}
	count(types & {"ApiCallRateInsight", "ApiErrorRateInsight"}) == 0
	msg := sprintf("Trail %s has no CloudTrail Insights selector. Add insight_selector blocks for ApiCallRateInsight and ApiErrorRateInsight.", [t.name])
}

deny contains result.new("EKS-DET-004", t, ["values", "insight_selector"], msg) if {
	some t in tf.managed("aws_cloudtrail")
	not is_array(tf.get(t, ["insight_selector"]))
	msg := sprintf("Trail %s has no CloudTrail Insights selector. Add insight_selector blocks for ApiCallRateInsight and ApiErrorRateInsight.", [t.name])
}
