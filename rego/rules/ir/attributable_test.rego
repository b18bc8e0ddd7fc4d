package eks.rules.ir.attributable_test

import data.eks.rules.ir.attributable
import data.eks.test.fixtures

test_label_and_service_account if {
	c := fixtures.carriers({"containers": []}).Deployment.object
	unlabelled := object.union(c, {"spec": {"template": {"metadata": {"labels": {"app": ""}}, "spec": {"serviceAccountName": "web"}}}})
	named := object.union(c, {"spec": {"template": {"metadata": {"labels": {"app": "", "app.kubernetes.io/name": "web"}}, "spec": {"serviceAccountName": "web"}}}})
	findings := attributable.deny with input as fixtures.input_of([c, unlabelled, named])
	{[f.doc, f.path] | some f in findings} == {
		[0, ["spec", "template", "spec", "serviceAccountName"]],
		[1, ["spec", "template", "metadata", "labels"]],
	}
}

test_every_carrier if {
	every c in fixtures.carriers({"containers": []}) {
		findings := attributable.deny with input as fixtures.input_of([c.object])
		array.concat(c.spec_path, ["serviceAccountName"]) in {f.path | some f in findings}
	}
	bare := fixtures.carriers({"containers": []}).Pod.object
	{f.path | some f in attributable.deny} == {["spec", "serviceAccountName"], ["metadata", "labels"]} with input as fixtures.input_of([bare])
}
