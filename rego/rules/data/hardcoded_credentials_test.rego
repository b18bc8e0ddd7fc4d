package eks.rules.data.hardcoded_credentials_test

import data.eks.rules.data.hardcoded_credentials
import data.eks.test.fixtures

_key_id := "AKIAQWERTYUIOPASDFGH"

_spec := {
	"initContainers": [{"name": "init", "command": ["sh", "-c", "mysql --password=Tr0ub4dor3 -h db"]}],
	"containers": [{
		"name": "app",
		"env": [
			{"name": "AWS_ACCESS_KEY_ID", "value": _key_id},
			{"name": "DB_PASSWORD", "value": "hunter2hunter2"},
			{"name": "PASSWORD_FILE", "value": "/run/secrets/db"},
			{"name": "API_TOKEN", "value": "$(TOKEN_FROM_SECRET)"},
			{"name": "AUTH_URL", "value": "https://auth.example.com"},
			{"name": "SECRET_NAME", "value": "db"},
			{"name": "GREETING", "value": "hello"},
			{"name": "CLIENT_SECRET", "valueFrom": {"secretKeyRef": {"name": "x", "key": "y"}}},
		],
		"args": ["--token", "abcdefgh12345", "--verbose"],
		"livenessProbe": {"exec": {"command": ["curl", "https://admin:Sup3rS3cret@localhost/health"]}},
	}],
}

test_every_location_in_every_carrier if {
	every c in fixtures.carriers(_spec) {
		findings := hardcoded_credentials.deny with input as fixtures.input_of([c.object])
		{[f.path, f.severity] | some f in findings} == {
			[array.concat(c.spec_path, ["initContainers", 0, "command", 2]), "high"],
			[array.concat(c.spec_path, ["containers", 0, "env", 0, "value"]), "critical"],
			[array.concat(c.spec_path, ["containers", 0, "env", 1, "value"]), "high"],
			[array.concat(c.spec_path, ["containers", 0, "args", 1]), "high"],
			[array.concat(c.spec_path, ["containers", 0, "livenessProbe", "exec", "command", 1]), "critical"],
		}
	}
}

test_messages_are_redacted if {
	pod := fixtures.carriers(_spec).Pod.object
	findings := hardcoded_credentials.deny with input as fixtures.input_of([pod])
	msgs := {f.message | some f in findings}
	`container "app" env AWS_ACCESS_KEY_ID holds an AWS access key ID "AKIA***" (20 chars) in the manifest; keep it in a Secret from an external store and mount it as a file` in msgs
	`container "app" env DB_PASSWORD holds a literal value under a sensitive name "hun***" (14 chars) in the manifest; keep it in a Secret from an external store and mount it as a file` in msgs
	`container "app" args[1] holds a literal value after --token "abc***" (13 chars) in the manifest; keep it in a Secret from an external store and mount it as a file` in msgs
	every f in findings {
		every v in [_key_id, "hunter2hunter2", "Tr0ub4dor3", "abcdefgh12345", "Sup3rS3cret"] {
			not contains(f.message, v)
		}
	}
	every v in [_key_id, "hunter2hunter2", "Tr0ub4dor3", "abcdefgh12345", "Sup3rS3cret"] {
		some f in findings
		v in f.redact
	}
}

test_documentation_examples_and_placeholders_pass if {
	pod := fixtures.carriers({"containers": [{
		"name": "a",
		"env": [
			{"name": "AWS_ACCESS_KEY_ID", "value": "AKIAIOSFODNN7EXAMPLE"},
			{"name": "PASSWORD", "value": "changeme"},
			{"name": "TOKEN", "value": "${TOKEN}"},
			{"name": "SECRET", "value": "{{ .Values.secret }}"},
			{"name": "DB_PASS", "value": "arn:aws:secretsmanager:eu-west-1:123456789012:secret:db"},
			{"name": "DSN", "value": "postgres://app:${DB_PASSWORD}@db:5432/app"},
			{"name": "PASSWORD", "value": ""},
		],
		"command": ["sh", "-c", "echo $PASSWORD"],
	}]}).Pod.object
	count(hardcoded_credentials.deny) == 0 with input as fixtures.input_of([pod])
}

test_custom_resources_are_opt_in if {
	cr := {"apiVersion": "acid.zalan.do/v1", "kind": "postgresql", "metadata": {"name": "db", "annotations": {"password": "zzz"}}, "spec": {"users": {"admin": {"password": "Adm1nPassw0rd!"}}, "note": "ok"}}
	count(hardcoded_credentials.deny) == 0 with input as fixtures.input_of([cr])
	ctx := object.union(fixtures.default_context, {"secrets": {"scan_custom_resources": true}})
	findings := hardcoded_credentials.deny with input as fixtures.input_with([cr], ctx)
	[f.path | some f in findings] == [["spec", "users", "admin", "password"]]
	[f.message | some f in findings] == [`postgresql field spec.users.admin.password holds a literal value under a sensitive name "Adm***" (14 chars); keep it in a Secret from an external store and reference it`]
}

test_wrong_types_do_not_error if {
	objs := [
		{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "spec": {"containers": [{"name": "a", "env": [7, {"name": 3, "value": 4}, {"name": "TOKEN", "value": ["x"]}], "args": "x", "command": [1, null]}]}},
		{"apiVersion": 7, "kind": "Pod", "spec": {}},
	]
	count(hardcoded_credentials.deny) == 0 with input as fixtures.input_of(objs)
}
