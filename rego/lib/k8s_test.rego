package eks.lib.k8s_test

import data.eks.lib.k8s
import data.eks.test.fixtures

test_group if {
	k8s.group("apps/v1") == "apps"
	k8s.group("v1") == ""
	k8s.group("") == ""
	k8s.group("a/b/c") == ""
	k8s.group("/v1") == ""
	k8s.group("networking.k8s.io/v1") == "networking.k8s.io"
	k8s.group(1) == ""
}

test_every_carrier_is_a_pod_with_its_paths if {
	spec := {"containers": [{"name": "app", "image": "nginx"}]}
	count(fixtures.carriers(spec)) == 9
	every kind, c in fixtures.carriers(spec) {
		pods := k8s.pods with input as fixtures.input_of([c.object])
		count(pods) == 1
		some pod in pods
		pod.doc.kind == kind
		pod.spec == spec
		pod.spec_path == c.spec_path
		pod.metadata_path == array.concat(array.slice(c.spec_path, 0, count(c.spec_path) - 1), ["metadata"])
		pod.metadata == object.get(c.object, pod.metadata_path, null)
	}
}

test_pods_from_the_shared_kind_index_are_the_same if {
	spec := {"containers": [{"name": "app"}]}
	objects := [c.object | some c in fixtures.carriers(spec)]
	inp := fixtures.input_of(objects)
	kinds := {kind: sort(ids) | some kind, ids in k8s.computed_kinds with input as inp}
	shared := object.union(inp, {"shared": {"kinds": kinds}})
	alone := k8s.pods with input as inp
	count(alone) == count(objects)
	alone == k8s.pods with input as shared
}

test_pods_from_the_shared_refs_are_read_as_they_are if {
	spec := {"containers": [{"name": "app"}]}
	inp := fixtures.input_of([c.object | some c in fixtures.carriers(spec)])
	computed := k8s.pods with input as inp
	refs := data.eks.lib.shared.refs with input as inp
	refs.pods == computed

	# What the engine adds is what the packages read; anything else there is not recomputed.
	marker := {"0": {"doc": {"id": 0}, "spec": {}}}
	marker == k8s.pods with input as object.union(inp, {"shared": {"refs": {"pods": marker}}})

	# A refs value of the wrong shape is ignored.
	computed == k8s.pods with input as object.union(inp, {"shared": {"refs": {"pods": []}}})
}

test_carriers_without_a_pod_spec_are_not_pods if {
	bad := [
		{"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "a"}, "spec": "x"},
		{"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "b"}, "spec": {"template": ["x"]}},
		{"apiVersion": "batch/v1", "kind": "CronJob", "metadata": {"name": "c"}, "spec": {"jobTemplate": {"spec": {"template": {"spec": 3}}}}},
		{"apiVersion": "example.com/v1", "kind": "Deployment", "metadata": {"name": "d"}, "spec": {"template": {"spec": {}}}},
	]
	count(k8s.pods) == 0 with input as fixtures.input_of(bad)
}

test_pod_metadata_that_is_not_an_object_is_empty if {
	obj := {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "a"}, "spec": {"template": {"metadata": "x", "spec": {}}}}
	some pod in k8s.pods with input as fixtures.input_of([obj])
	pod.metadata == {}
}

test_of_kind_in_scan_order if {
	objects := [
		{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "b"}},
		{"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "s"}},
		{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "a"}},
	]
	inp := fixtures.input_of(objects)
	[d.name | some d in k8s.of_kind("ConfigMap")] == ["b", "a"] with input as inp
	k8s.of_kind("Role") == [] with input as inp
	shared := object.union(inp, {"shared": {"kinds": {"ConfigMap": [0, 2], "Secret": [1]}}})
	[d.name | some d in k8s.of_kind("ConfigMap")] == ["b", "a"] with input as shared
}
