package acme.workloads.memory_limits_test

import data.acme.workloads.memory_limits

_pod(resources) := {
	"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p", "namespace": "shop"},
	"spec": {"containers": [{"name": "app", "image": "shop:1", "resources": resources}]},
}

_input(o) := {"documents": [{"id": 0, "file": "t.yaml", "source": "manifest", "apiVersion": "v1", "kind": "Pod", "name": "p", "namespace": "shop", "object": o}]}

test_missing_limit_points_at_the_container if {
	some f in memory_limits.deny with input as _input(_pod({}))
	f.rule == "ACME-RES-001"
	f.path == ["spec", "containers", 0, "resources", "limits", "memory"]
}

test_limit_passes if {
	count(memory_limits.deny) == 0 with input as _input(_pod({"limits": {"memory": "256Mi"}}))
}
