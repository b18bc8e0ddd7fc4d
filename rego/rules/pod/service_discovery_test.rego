package eks.rules.pod.service_discovery_test

import data.eks.rules.pod.service_discovery as rule
import data.eks.test.fixtures
import data.eks.test.pss as t

_isolated(spec) := object.union(t.pod(spec), {"metadata": {"labels": {"eks-policy-gate.io/isolated": "true"}}})

test_opt_in_only if {
	count(rule.deny) == 0 with input as fixtures.input_of([t.pod({"containers": []})])
}

test_isolated_workload if {
	findings := rule.deny with input as fixtures.input_of([_isolated({"containers": []})])
	{[f.path, object.get(f, "mode", "default")] | some f in findings} == {[["spec", "enableServiceLinks"], "default"], [["spec", "dnsPolicy"], "audit"]}
	count(rule.deny) == 0 with input as fixtures.input_of([_isolated({"enableServiceLinks": false, "dnsPolicy": "Default", "containers": []})])
}

test_template_label if {
	d := {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "d", "namespace": "x"}, "spec": {"template": {"metadata": {"labels": {"eks-policy-gate.io/isolated": "true"}}, "spec": {"enableServiceLinks": true, "dnsPolicy": "None", "containers": []}}}}
	t.paths(rule.deny) == {["spec", "template", "spec", "enableServiceLinks"]} with input as fixtures.input_of([d])
}
