package eks.rules.cmp.deprecated_api_test

import data.eks.rules.cmp.deprecated_api
import data.eks.test.fixtures

_obj(api, kind) := {"apiVersion": api, "kind": kind, "metadata": {"name": "x", "namespace": "default"}}

_with_version(objects, version) := fixtures.input_with(objects, object.union(fixtures.default_context, {"cluster": {"version": version, "break_glass": []}}))

test_removed_apis_fail_without_a_target_version if {
	objects := [
		_obj("batch/v1beta1", "CronJob"),
		_obj("policy/v1beta1", "PodSecurityPolicy"),
		_obj("extensions/v1beta1", "Ingress"),
		_obj("autoscaling/v2beta2", "HorizontalPodAutoscaler"),
		_obj("flowcontrol.apiserver.k8s.io/v1beta3", "FlowSchema"),
	]
	findings := deprecated_api.deny with input as fixtures.input_of(objects)
	{f.doc | some f in findings} == {0, 1, 2, 3, 4}
	every f in findings {
		f.rule == "EKS-CMP-002"
		f.path == ["apiVersion"]
	}
}

test_message_names_release_and_replacement if {
	findings := deprecated_api.deny with input as fixtures.input_of([_obj("batch/v1beta1", "CronJob")])
	{f.message | some f in findings} == {"batch/v1beta1 CronJob is no longer served since Kubernetes 1.25, so current Kubernetes rejects it; use batch/v1 instead"}
}

test_psp_has_no_replacement if {
	some f in deprecated_api.deny with input as fixtures.input_of([_obj("policy/v1beta1", "PodSecurityPolicy")])
	contains(f.message, "no replacement")
}

test_current_versions_pass if {
	objects := [
		_obj("batch/v1", "CronJob"), _obj("networking.k8s.io/v1", "Ingress"),
		_obj("autoscaling/v2", "HorizontalPodAutoscaler"), _obj("apps/v1", "Deployment"),
		_obj("policy/v1", "PodDisruptionBudget"), _obj("flowcontrol.apiserver.k8s.io/v1", "FlowSchema"),
	]
	count(deprecated_api.deny) == 0 with input as fixtures.input_of(objects)
}

test_target_version_decides if {
	cronjob := _obj("batch/v1beta1", "CronJob")

	# Still served by 1.24, removed in 1.25.
	count(deprecated_api.deny) == 0 with input as _with_version([cronjob], "1.24")
	some f in deprecated_api.deny with input as _with_version([cronjob], "1.25")
	contains(f.message, "the target cluster (Kubernetes 1.25)")
	count(deprecated_api.deny) == 1 with input as _with_version([cronjob], "1.33")

	# flowcontrol v1beta3 is served until 1.31.
	fs := _obj("flowcontrol.apiserver.k8s.io/v1beta3", "PriorityLevelConfiguration")
	count(deprecated_api.deny) == 0 with input as _with_version([fs], "1.31")
	count(deprecated_api.deny) == 1 with input as _with_version([fs], "1.32")
}

test_unparsable_target_means_every_removal if {
	count(deprecated_api.deny) == 1 with input as _with_version([_obj("batch/v1beta1", "CronJob")], "latest")
}

test_same_kind_other_group_passes if {
	# A CRD kind that happens to share a name with a removed built-in is not a built-in.
	count(deprecated_api.deny) == 0 with input as fixtures.input_of([_obj("example.com/v1beta1", "CronJob")])
}

test_ill_typed_values_do_not_error if {
	doc := {"id": 0, "file": "x.yaml", "source": "manifest", "apiVersion": 7, "kind": ["x"], "name": "", "namespace": "", "object": {}}
	count(deprecated_api.deny) == 0 with input as {"documents": [doc], "context": fixtures.default_context}
}
