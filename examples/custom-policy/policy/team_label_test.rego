# Run with the gate's helper library: opa test examples/custom-policy/policy rego/lib
package acme.workloads.team_label_test

import data.acme.workloads.team_label

_deployment(labels) := {
	"apiVersion": "apps/v1", "kind": "Deployment",
	"metadata": {"name": "shop", "namespace": "shop"},
	"spec": {"template": {"metadata": {"labels": labels}, "spec": {"containers": [{"name": "app", "image": "shop:1"}]}}},
}

_input(objects) := {"documents": [doc |
	some i, o in objects
	doc := {"id": i, "file": "t.yaml", "source": "manifest", "apiVersion": o.apiVersion, "kind": o.kind, "name": o.metadata.name, "namespace": "shop", "object": o}
]}

test_missing_team_label_is_reported_at_the_labels if {
	findings := team_label.deny with input as _input([_deployment({"app": "shop"})])
	findings == {{
		"rule": "ACME-LBL-001", "doc": 0,
		"path": ["spec", "template", "metadata", "labels"],
		"message": "Deployment shop has no \"team\" label on its pods",
	}}
}

test_team_label_passes if {
	count(team_label.deny) == 0 with input as _input([_deployment({"app": "shop", "team": "payments"})])
}

test_empty_or_ill_typed_team_fails if {
	count(team_label.deny) == 1 with input as _input([_deployment({"team": ""})])
	count(team_label.deny) == 1 with input as _input([_deployment({"team": 7})])
}
