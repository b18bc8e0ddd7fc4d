package eks.rules.data.metadata_secrets_test

import data.eks.rules.data.metadata_secrets
import data.eks.test.fixtures

_last := "kubectl.kubernetes.io/last-applied-configuration"

test_annotation_values_on_any_kind if {
	svc := {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "s", "annotations": {
		"ci/slack": "https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX",
		"nginx.ingress.kubernetes.io/auth-secret": "basic-auth",
	}}}
	findings := metadata_secrets.deny with input as fixtures.input_of([svc])
	[[f.path, f.severity] | some f in findings] == [[["metadata", "annotations", "ci/slack"], "critical"]]
	[f.message | some f in findings] == [`annotation "ci/slack" holds a Slack webhook URL "http***" (77 chars); annotations and labels are readable by anyone who can list the object`]
}

test_last_applied_secret_is_checked_inside if {
	embedded := {"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "db"}, "data": {"password": base64.encode("hunter2hunter2")}}
	doc := {"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "db", "annotations": {_last: json.marshal(embedded)}}, "type": "Opaque"}
	findings := metadata_secrets.deny with input as fixtures.input_of([doc])
	count(findings) == 1
	some f in findings
	f.path == ["metadata", "annotations", _last]
	f.embedded == ["data", "password"]
	f.severity == "high"
	f.message == `annotation "kubectl.kubernetes.io/last-applied-configuration" embeds a copy of the Secret with data key "password" holding a committed secret value "hun***" (14 chars); remove the annotation from the manifest`
	"hunter2hunter2" in f.redact
}

test_last_applied_pod_and_configmap if {
	deploy := {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "d"}, "spec": {"template": {"spec": {"containers": [{"name": "a", "env": [{"name": "API_KEY", "value": "k3y-k3y-k3y-k3y"}]}]}}}}
	cm := {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "c"}, "data": {"TOKEN": "t0k3nt0k3n"}}
	docs := [
		object.union(deploy, {"metadata": {"annotations": {_last: json.marshal(deploy)}}}),
		object.union(cm, {"data": {}, "metadata": {"annotations": {_last: json.marshal(cm)}}}),
	]
	findings := metadata_secrets.deny with input as fixtures.input_of(docs)
	{[f.doc, f.embedded] | some f in findings} == {
		[0, ["spec", "template", "spec", "containers", 0, "env", 0, "value"]],
		[1, ["data", "TOKEN"]],
	}
}

test_clean_and_broken_annotations_pass if {
	docs := [
		{"apiVersion": "v1", "kind": "Service", "metadata": {"name": "a", "annotations": {_last: "{not json", "x": 7}, "labels": {"app": "a"}}},
		{"apiVersion": "v1", "kind": "Service", "metadata": {"name": "b", "annotations": {_last: "[1,2]"}}},
		{"apiVersion": "v1", "kind": "Service", "metadata": {"name": "c", "annotations": {_last: "{\"kind\":\"Service\",\"metadata\":{\"name\":\"c\"}}"}}},
		{"apiVersion": "v1", "kind": "Service", "metadata": "x"},
	]
	count(metadata_secrets.deny) == 0 with input as fixtures.input_of(docs)
}
