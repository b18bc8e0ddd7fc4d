package eks.rules.cmp.scope_metadata_test

import data.eks.rules.cmp.scope_metadata
import data.eks.test.fixtures

_ctx(labels) := object.union(fixtures.default_context, {"compliance": {"required_labels": labels, "required_tags": []}})

test_nothing_required_by_default if {
	count(scope_metadata.deny) == 0 with input as fixtures.input_of([fixtures.namespace("shop", {})])
}

test_missing_labels_are_named_at_the_labels if {
	ns := fixtures.namespace("shop", {"data-classification": "internal"})
	findings := scope_metadata.deny with input as fixtures.input_with([ns], _ctx(["data-classification", "compliance-scope", "owner"]))
	count(findings) == 1
	some f in findings
	f.rule == "EKS-CMP-005"
	f.path == ["metadata", "labels"]
	f.message == "Namespace shop lacks the required compliance label(s) compliance-scope, owner"
}

test_no_labels_points_at_metadata if {
	ns := {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "shop"}}
	some f in scope_metadata.deny with input as fixtures.input_with([ns], _ctx(["owner"]))
	f.path == ["metadata"]
}

test_empty_values_do_not_count if {
	ns := fixtures.namespace("shop", {"owner": " "})
	count(scope_metadata.deny) == 1 with input as fixtures.input_with([ns], _ctx(["owner"]))
}

test_complete_and_system_namespaces_pass if {
	objects := [
		fixtures.namespace("shop", {"owner": "team-shop"}),
		fixtures.namespace("kube-system", {}),
		fixtures.carriers({"containers": []}).Deployment.object,
	]
	count(scope_metadata.deny) == 0 with input as fixtures.input_with(objects, _ctx(["owner"]))
}

test_ill_typed_labels_do_not_error if {
	ns := {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "shop", "labels": "owner=x"}}
	count(scope_metadata.deny) == 1 with input as fixtures.input_with([ns], _ctx(["owner"]))
}
