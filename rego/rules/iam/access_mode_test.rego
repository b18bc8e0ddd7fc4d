package eks.rules.iam.access_mode_test

import data.eks.rules.iam.access_mode
import data.eks.test.tf

_c(cfg) := tf.resource("aws_eks_cluster.this", object.union({"name": "prod"}, cfg))

test_missing_block_fails if {
	findings := access_mode.deny with input as tf.input_of([_c({})])
	[f.path | some f in findings] == [["values", "access_config"]]
}

test_config_map_fails_medium if {
	findings := access_mode.deny with input as tf.input_of([_c({"access_config": [{"authentication_mode": "CONFIG_MAP"}]})])
	[[f.path, object.get(f, "severity", "medium")] | some f in findings] == [[["values", "access_config", 0, "authentication_mode"], "medium"]]
}

test_migration_mode_is_low if {
	findings := access_mode.deny with input as tf.input_of([_c({"access_config": [{"authentication_mode": "API_AND_CONFIG_MAP"}]})])
	[f.severity | some f in findings] == ["low"]
}

test_api_passes if {
	count(access_mode.deny) == 0 with input as tf.input_of([_c({"access_config": [{"authentication_mode": "API"}]})])
}
