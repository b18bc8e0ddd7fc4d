package eks.rules.data.configmap_secrets_test

import data.eks.rules.data.configmap_secrets
import data.eks.test.fixtures

_cm(extra) := object.union({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "app", "namespace": "shop"}}, extra)

test_keys_values_and_binary_data if {
	cm := _cm({
		"data": {
			"DB_PASSWORD": "hunter2hunter2",
			"LOG_LEVEL": "debug",
			"application.properties": "server.port=8080\nspring.datasource.password=Sup3rS3cret\n",
			"auth.conf": "mode = basic\n",
			"notes": "a github token ghp_abcdefghijklmnopqrstuvwxyz0123456789 here",
			"SECRET_NAME": "db-credentials",
		},
		"binaryData": {"key.pem": base64.encode("-----BEGIN RSA PRIVATE KEY-----\nMIIE\n-----END RSA PRIVATE KEY-----\n")},
	})
	findings := configmap_secrets.deny with input as fixtures.input_of([cm])
	{[f.path, f.severity] | some f in findings} == {
		[["data", "DB_PASSWORD"], "high"],
		[["data", "application.properties"], "high"],
		[["data", "notes"], "critical"],
		[["binaryData", "key.pem"], "critical"],
	}
	msgs := {f.message | some f in findings}
	`ConfigMap "app" key "application.properties" holds a literal "password" assignment "Su***" (11 chars); ConfigMaps are not for secrets: keep it in a Secret from an external store` in msgs
	every f in findings {
		not contains(f.message, "Sup3rS3cret")
		not contains(f.message, "hunter2hunter2")
		not contains(f.message, "ghp_abcdefghijklmnopqrstuvwxyz0123456789")
	}
}

test_several_secrets_at_one_key_are_one_finding if {
	cm := _cm({"data": {"env.sh": "export PASSWORD=one1one1\nexport TOKEN=two2two2\n"}})
	findings := configmap_secrets.deny with input as fixtures.input_of([cm])
	[f.message | some f in findings] == [`ConfigMap "app" key "env.sh" holds a literal "PASSWORD" assignment "on***" (8 chars) and 1 more; ConfigMaps are not for secrets: keep it in a Secret from an external store`]
	[f.redact | some f in findings] == [["one1one1", "two2two2"]]
}

test_aws_auth_and_plain_config_pass if {
	objs := [
		_cm({"metadata": {"name": "aws-auth", "namespace": "kube-system"}, "data": {"mapRoles": "- rolearn: arn:aws:iam::123456789012:role/node\n  username: system:node:{{EC2PrivateDNSName}}\n  groups: [system:bootstrappers, system:nodes]\n"}}),
		_cm({"data": {"nginx.conf": "auth_basic_user_file /etc/nginx/htpasswd;\nproxy_pass http://backend;\n", "token-ttl": "3600", "PASSWORD_MIN_LENGTH": "12"}}),
		_cm({"data": {"config.yaml": "volumes:\n  - secret:\n      secretName: db\n    token: \"\"\n"}}),
	]
	count(configmap_secrets.deny) == 0 with input as fixtures.input_of(objs)
}

test_wrong_types_do_not_error if {
	objs := [_cm({"data": "x"}), _cm({"data": {"a": 1, "PASSWORD": null}, "binaryData": {"b": "!!"}})]
	count(configmap_secrets.deny) == 0 with input as fixtures.input_of(objs)
}
