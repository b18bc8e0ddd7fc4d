package eks.rules.data.plaintext_secret_test

import data.eks.rules.data.plaintext_secret
import data.eks.test.fixtures

_secret(extra) := object.union({"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "db", "namespace": "shop"}}, extra)

test_every_non_empty_key_is_a_finding if {
	s := _secret({
		"data": {"password": base64.encode("hunter2hunter2"), "empty": ""},
		"stringData": {"user": "admin", "blank": "  "},
	})
	findings := plaintext_secret.deny with input as fixtures.input_of([s])
	{f.path | some f in findings} == {["data", "password"], ["stringData", "user"]}
	every f in findings {
		f.rule == "EKS-DATA-007"
		f.severity == "high"
	}
}

test_high_confidence_value_is_critical_and_decoded if {
	s := _secret({"data": {"aws": base64.encode("aws_secret_access_key=wJalrXUtnFEMI/K7MDENG/bPxRfiCYzzzzzzzzzz")}})
	findings := plaintext_secret.deny with input as fixtures.input_of([s])
	[f.severity | some f in findings] == ["critical"]
	[f.message | some f in findings] == [`Secret "db" commits data key "aws": an AWS secret access key "wJal***" (40 chars). base64 is not encryption; keep the value in an external store (ExternalSecret, SecretProviderClass) or commit a SealedSecret`]
}

test_message_never_holds_the_value_and_redact_lists_it if {
	value := "s3cr3t-Value-That-Is-Long"
	s := _secret({"stringData": {"token": value}, "data": {"k": base64.encode(value)}})
	findings := plaintext_secret.deny with input as fixtures.input_of([s])
	count(findings) == 2
	every f in findings {
		not contains(f.message, value)
		not contains(f.message, base64.encode(value))
		value in f.redact
	}
	some f in findings
	f.path == ["data", "k"]
	base64.encode(value) in f.redact
}

test_external_mechanisms_pass if {
	objs := [
		{"apiVersion": "bitnami.com/v1alpha1", "kind": "SealedSecret", "metadata": {"name": "a"}, "spec": {"encryptedData": {"password": "AgBy3i4OJSWK+PiTySYZZA=="}}},
		{"apiVersion": "external-secrets.io/v1", "kind": "ExternalSecret", "metadata": {"name": "b"}, "spec": {"data": [{"secretKey": "password", "remoteRef": {"key": "prod/db"}}]}},
		{"apiVersion": "secrets-store.csi.x-k8s.io/v1", "kind": "SecretProviderClass", "metadata": {"name": "c"}, "spec": {"provider": "aws"}},
		_secret({"type": "kubernetes.io/service-account-token", "metadata": {"name": "t", "annotations": {"kubernetes.io/service-account.name": "x"}}}),
		_secret({"data": {}}),
	]
	count(plaintext_secret.deny) == 0 with input as fixtures.input_of(objs)
}

test_wrong_types_do_not_error if {
	objs := [
		_secret({"data": "x"}),
		_secret({"data": {"a": 7, "b": ["x"]}, "stringData": ["y"]}),
		_secret({"data": {"bad": "!!!not base64!!!"}}),
	]
	findings := plaintext_secret.deny with input as fixtures.input_of(objs)
	[f.path | some f in findings] == [["data", "bad"]]
}

test_binary_value_is_a_committed_value if {
	# "/w==" is the byte 0xFF, not UTF-8 text (a keystore, a .p12): still a committed value,
	# redacted by its base64 form, and no string built-in ever sees the raw bytes under Wasm.
	s := _secret({"data": {"keystore.p12": "/w==", "plain": base64.encode("not-a-secret-but-committed")}})
	findings := plaintext_secret.deny with input as fixtures.input_of([s])
	{f.path | some f in findings} == {["data", "keystore.p12"], ["data", "plain"]}
	some f in findings
	f.path == ["data", "keystore.p12"]
	f.severity == "high"
	"/w==" in f.redact
}
