package eks.rules.img.verification_test

import data.eks.rules.img.verification
import data.eks.test.fixtures

_pod(ns, name) := {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": name, "namespace": ns}, "spec": {"containers": [{"name": "a", "image": "nginx:1"}]}}

_kyverno(kind, ns, match) := {
	"apiVersion": "kyverno.io/v1", "kind": kind, "metadata": {"name": "verify", "namespace": ns},
	"spec": {"rules": [{"name": "r", "match": match, "verifyImages": [{"imageReferences": ["*"]}]}]},
}

test_warning_per_namespace_on_first_workload if {
	objs := [_pod("a", "p1"), _pod("a", "p2"), _pod("b", "p3")]
	findings := verification.deny with input as fixtures.input_of(objs)
	{[f.doc, f.path] | some f in findings} == {[0, []], [2, []]}
	`no image signature verification policy in the scan covers namespace "a" (2 workloads): unsigned images would be admitted; set images.verification: true if a platform repository enforces it` in {f.message | some f in findings}
}

test_kyverno_cluster_policy_covers_all_or_matched if {
	objs := [_pod("a", "p1"), _pod("b", "p2")]
	count(verification.deny) == 0 with input as fixtures.input_of(array.concat(objs, [_kyverno("ClusterPolicy", "", {"any": [{"resources": {"kinds": ["Pod"]}}]})]))
	restricted := _kyverno("ClusterPolicy", "", {"any": [{"resources": {"kinds": ["Pod"], "namespaces": ["a"]}}]})
	[f.doc | some f in verification.deny] == [1] with input as fixtures.input_of(array.concat(objs, [restricted]))
	[f.doc | some f in verification.deny] == [0] with input as fixtures.input_of(array.concat(objs, [_kyverno("Policy", "b", {})]))
}

test_sigstore_and_configuration if {
	objs := [
		_pod("a", "p1"), _pod("b", "p2"), _pod("c", "p3"),
		fixtures.namespace("a", {"policy.sigstore.dev/include": "true"}),
		fixtures.namespace("b", {}),
		{"apiVersion": "policy.sigstore.dev/v1beta1", "kind": "ClusterImagePolicy", "metadata": {"name": "p"}, "spec": {}},
	]
	[f.doc | some f in verification.deny] == [1] with input as fixtures.input_of(objs)
	ctx := object.union(fixtures.default_context, {"images": {"verification": true}})
	count(verification.deny) == 0 with input as fixtures.input_with([_pod("a", "p1")], ctx)
}
