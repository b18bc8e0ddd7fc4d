package eks.rules.cmp.config_rules_test

import data.eks.rules.cmp.config_rules
import data.eks.test.tf

_c := tf.resource("aws_eks_cluster.c", {})

_rule(id) := tf.resource(sprintf("aws_config_config_rule.%s", [lower(id)]), {"source": [{"owner": "AWS", "source_identifier": id}]})

test_no_recorder_fails if {
	count(config_rules.deny) == 1 with input as tf.input_of([_c])
}

test_missing_rules_fail_all_pass if {
	count(config_rules.deny) == 1 with input as tf.input_of([_c, tf.resource("aws_config_configuration_recorder.r", {})])
	rules := [_rule(id) | some id in ["EKS_ENDPOINT_NO_PUBLIC_ACCESS", "EKS_SECRETS_ENCRYPTED", "EKS_CLUSTER_LOGGING_ENABLED", "EKS_CLUSTER_SUPPORTED_VERSION", "GUARDDUTY_EKS_PROTECTION_RUNTIME_ENABLED"]]
	count(config_rules.deny) == 0 with input as tf.input_of(array.concat([_c, tf.resource("aws_config_configuration_recorder.r", {})], rules))
}
