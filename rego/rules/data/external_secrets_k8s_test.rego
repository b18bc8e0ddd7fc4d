package eks.rules.data.external_secrets_k8s_test

import data.eks.rules.data.external_secrets
import data.eks.test.fixtures

_spec := {
	"containers": [{
		"name": "app",
		"env": [
			{"name": "A", "valueFrom": {"secretKeyRef": {"name": "committed", "key": "k"}}},
			{"name": "B", "valueFrom": {"secretKeyRef": {"name": "synced", "key": "k"}}},
		],
		"envFrom": [{"secretRef": {"name": "sealed"}}],
	}],
	"volumes": [
		{"name": "v", "secret": {"secretName": "csi-synced"}},
		{"name": "p", "projected": {"sources": [{"secret": {"name": "unknown"}}, {"secret": {"name": "tls"}}, {"secret": {"name": "cluster-wide"}}]}},
	],
}

_objs := [
	{"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "committed", "namespace": "default"}, "data": {"k": "dg=="}},
	{"apiVersion": "external-secrets.io/v1", "kind": "ExternalSecret", "metadata": {"name": "es", "namespace": "default"}, "spec": {"target": {"name": "synced"}}},
	{"apiVersion": "bitnami.com/v1alpha1", "kind": "SealedSecret", "metadata": {"name": "sealed", "namespace": "default"}, "spec": {}},
	{"apiVersion": "secrets-store.csi.x-k8s.io/v1", "kind": "SecretProviderClass", "metadata": {"name": "spc", "namespace": "default"}, "spec": {"provider": "aws", "secretObjects": [{"secretName": "csi-synced"}]}},
	{"apiVersion": "cert-manager.io/v1", "kind": "Certificate", "metadata": {"name": "c", "namespace": "default"}, "spec": {"secretName": "tls"}},
	{"apiVersion": "external-secrets.io/v1", "kind": "ClusterExternalSecret", "metadata": {"name": "cluster-wide"}, "spec": {}},
]

test_consumed_secrets if {
	pod := fixtures.carriers(_spec).Pod.object
	findings := {f | some f in external_secrets.deny; f.doc == 0} with input as fixtures.input_of(array.concat([pod], _objs))
	{[f.path, object.get(f, "severity", "")] | some f in findings} == {
		[["spec", "containers", 0, "env", 0, "valueFrom", "secretKeyRef"], ""],
		[["spec", "volumes", 1, "projected", "sources", 0, "secret"], "info"],
	}
	some f in findings
	f.severity == "info"
	f.message == `Secret "default/unknown" is neither in the scan nor produced by an ExternalSecret, SealedSecret or SecretProviderClass in it, so whether it comes from an external store is not evaluable`
}

test_other_namespace_producer_does_not_count if {
	pod := object.union(fixtures.carriers({"containers": [{"name": "a", "envFrom": [{"secretRef": {"name": "synced"}}]}]}).Pod.object, {"metadata": {"namespace": "other"}})
	findings := {f | some f in external_secrets.deny; f.doc == 0} with input as fixtures.input_of(array.concat([pod], _objs))
	[f.severity | some f in findings] == ["info"]
}
