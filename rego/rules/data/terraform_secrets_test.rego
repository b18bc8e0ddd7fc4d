package eks.rules.data.terraform_secrets_test

import data.eks.rules.data.terraform_secrets
import data.eks.test.tf

_key := "AKIAZ7QRSTUVWXY23456"

test_user_data_base64_is_decoded if {
	ud := base64.encode(sprintf("#!/bin/bash\nexport AWS_ACCESS_KEY_ID=%s\n", [_key]))
	inp := tf.input_of([tf.resource("aws_launch_template.lt", {"user_data": ud})])
	findings := terraform_secrets.deny with input as inp
	[[f.path, f.severity] | some f in findings] == [[["values", "user_data"], "critical"]]
	every f in findings {
		not contains(f.message, _key)
		_key in f.redact
	}
}

test_sensitive_value_not_even_partly_shown if {
	r := {"address": "aws_ssm_parameter.p", "values": {"name": "/ci/key", "type": "String", "value": _key}, "sensitive": {"value": true}}
	findings := terraform_secrets.deny with input as tf.input_of([r])
	some f in findings
	contains(f.message, "marks sensitive")
	not contains(f.message, "AKIA")
}

test_secure_string_and_example_keys_pass if {
	count(terraform_secrets.deny) == 0 with input as tf.input_of([tf.resource("aws_ssm_parameter.p", {"name": "/x", "type": "SecureString", "value": _key})])
	count(terraform_secrets.deny) == 0 with input as tf.input_of([tf.resource("aws_launch_template.lt", {"user_data": "AKIAIOSFODNN7EXAMPLE"})])
}

test_named_literal_in_lambda_env_is_high if {
	fn := tf.resource("aws_lambda_function.f", {"environment": [{"variables": {"DB_PASSWORD": "hunter2hunter2", "LOG_LEVEL": "debug"}}]})
	findings := terraform_secrets.deny with input as tf.input_of([fn])
	[[f.path, f.severity] | some f in findings] == [[["values", "environment", 0, "variables", "DB_PASSWORD"], "high"]]
}

test_addon_configuration_and_helm_values if {
	addon := tf.resource("aws_eks_addon.a", {"configuration_values": json.marshal({"env": {"TOKEN": "ghp_abcdefghijklmnopqrstuvwxyz0123456789"}})})
	helm := tf.resource("helm_release.h", {"values": [sprintf("aws_secret_access_key: %s\n", ["abcdEFGHijklMNOPqrstUVWXyz0123456789+/AB"])], "set": []})
	findings := terraform_secrets.deny with input as tf.input_of([addon, helm])
	count(findings) == 2
}
