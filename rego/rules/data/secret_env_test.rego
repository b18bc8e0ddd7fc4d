package eks.rules.data.secret_env_test

import data.eks.rules.data.secret_env
import data.eks.test.fixtures

_spec := {"containers": [{
	"name": "app",
	"env": [
		{"name": "PLAIN", "value": "x"},
		{"name": "DB_PASSWORD", "valueFrom": {"secretKeyRef": {"name": "db", "key": "password"}}},
		{"name": "CM", "valueFrom": {"configMapKeyRef": {"name": "cm", "key": "k"}}},
	],
	"envFrom": [{"configMapRef": {"name": "cm"}}, {"secretRef": {"name": "db"}}],
}]}

test_each_secret_reference_in_every_carrier if {
	every c in fixtures.carriers(_spec) {
		findings := secret_env.deny with input as fixtures.input_of([c.object])
		{f.path | some f in findings} == {
			array.concat(c.spec_path, ["containers", 0, "env", 1, "valueFrom", "secretKeyRef"]),
			array.concat(c.spec_path, ["containers", 0, "envFrom", 1, "secretRef"]),
		}
	}
}

test_messages if {
	pod := fixtures.carriers(_spec).Pod.object
	findings := secret_env.deny with input as fixtures.input_of([pod])
	{f.message | some f in findings} == {
		`container "app" env DB_PASSWORD reads Secret "db" key "password" into an environment variable; mount the Secret as a file instead`,
		`container "app" envFrom loads every key of Secret "db" into environment variables; mount the Secret as a file instead`,
	}
}

test_volumes_pass_and_wrong_types if {
	ok := fixtures.carriers({
		"containers": [{"name": "a", "env": "x", "envFrom": [7, {"secretRef": "y"}], "volumeMounts": [{"name": "s", "mountPath": "/s"}]}],
		"volumes": [{"name": "s", "secret": {"secretName": "db"}}],
	}).Pod.object
	count(secret_env.deny) == 0 with input as fixtures.input_of([ok])
}
