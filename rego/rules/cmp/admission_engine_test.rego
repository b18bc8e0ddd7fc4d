package eks.rules.cmp.admission_engine_test

import data.eks.rules.cmp.admission_engine
import data.eks.test.fixtures

_ns(name) := fixtures.namespace(name, {})

_deploy := fixtures.carriers({"containers": [{"name": "a"}]}).Deployment.object

test_platform_bundle_without_engine_warns_once_on_first_namespace if {
	findings := admission_engine.deny with input as fixtures.input_of([_deploy, _ns("shop"), _ns("payments")])
	count(findings) == 1
	some f in findings
	f.rule == "EKS-CMP-003"
	f.doc == 1
	f.path == ["metadata"]
	contains(f.message, "no admission policy engine")
}

test_application_only_scan_is_not_judged if {
	count(admission_engine.deny) == 0 with input as fixtures.input_of([_deploy])
}

test_each_engine_counts if {
	engines := [
		{"apiVersion": "kyverno.io/v1", "kind": "ClusterPolicy", "metadata": {"name": "p"}},
		{"apiVersion": "policies.kyverno.io/v1alpha1", "kind": "ValidatingPolicy", "metadata": {"name": "p"}},
		{"apiVersion": "templates.gatekeeper.sh/v1", "kind": "ConstraintTemplate", "metadata": {"name": "k8srequiredlabels"}},
		{"apiVersion": "constraints.gatekeeper.sh/v1beta1", "kind": "K8sRequiredLabels", "metadata": {"name": "ns-team"}},
		{"apiVersion": "policies.kubewarden.io/v1", "kind": "ClusterAdmissionPolicy", "metadata": {"name": "p"}},
		{"apiVersion": "admissionregistration.k8s.io/v1", "kind": "ValidatingAdmissionPolicy", "metadata": {"name": "p"}},
		{"apiVersion": "admissionregistration.k8s.io/v1", "kind": "ValidatingAdmissionPolicyBinding", "metadata": {"name": "p"}},
		{"apiVersion": "apiextensions.k8s.io/v1", "kind": "CustomResourceDefinition", "metadata": {"name": "clusterpolicies.kyverno.io"}, "spec": {"group": "kyverno.io"}},
	]
	every engine in engines {
		count(admission_engine.deny) == 0 with input as fixtures.input_of([_ns("shop"), engine])
	}
}

test_webhook_configuration_alone_is_not_an_engine if {
	webhook := {"apiVersion": "admissionregistration.k8s.io/v1", "kind": "ValidatingWebhookConfiguration", "metadata": {"name": "x"}}
	count(admission_engine.deny) == 1 with input as fixtures.input_of([_ns("shop"), webhook])
}

test_ill_typed_values_do_not_error if {
	crd := {"apiVersion": "apiextensions.k8s.io/v1", "kind": "CustomResourceDefinition", "metadata": {"name": "x"}, "spec": "oops"}
	count(admission_engine.deny) == 1 with input as fixtures.input_of([_ns("shop"), crd])
}
