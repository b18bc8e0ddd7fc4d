package eks.rules.iam.service_accounts_test

import data.eks.rules.iam.automount
import data.eks.rules.iam.default_sa
import data.eks.rules.iam.sa_token_secrets
import data.eks.test.fixtures

_sa(name, extra) := object.union({"apiVersion": "v1", "kind": "ServiceAccount", "metadata": {"name": name, "namespace": "default"}}, extra)

test_token_secrets if {
	objs := [
		{"apiVersion": "v1", "kind": "Secret", "type": "kubernetes.io/service-account-token", "metadata": {"name": "ci-token", "namespace": "ci", "annotations": {"kubernetes.io/service-account.name": "deployer"}}},
		{"apiVersion": "v1", "kind": "Secret", "type": "kubernetes.io/service-account-token", "metadata": {"name": "ok", "namespace": "legacy", "annotations": {"kubernetes.io/service-account.name": "old"}}},
		{"apiVersion": "v1", "kind": "Secret", "type": "kubernetes.io/service-account-token", "metadata": {"name": "no-annotation"}},
		{"apiVersion": "v1", "kind": "Secret", "type": "Opaque", "metadata": {"name": "x"}},
	]
	findings := sa_token_secrets.deny with input as fixtures.input_of(objs)
	{[f.doc, f.path, f.message] | some f in findings} == {
		[0, ["type"], `Secret "ci/ci-token" is a long-lived token of ServiceAccount "deployer": use the pod's projected token or kubectl create token`],
		[1, ["type"], `Secret "legacy/ok" is a long-lived token of ServiceAccount "old": use the pod's projected token or kubectl create token`],
	}
	ctx := object.union(fixtures.default_context, {"service_accounts": {"token_secrets": ["ci/*"]}})
	[f.doc | some f in sa_token_secrets.deny] == [1] with input as fixtures.input_with(objs, ctx)
}

test_automount_effective_value if {
	pods := [
		fixtures.carriers({"serviceAccountName": "api", "containers": []}).Pod.object,
		fixtures.carriers({"serviceAccountName": "quiet", "containers": []}).Deployment.object,
		fixtures.carriers({"serviceAccountName": "quiet", "automountServiceAccountToken": true, "containers": []}).Job.object,
		fixtures.carriers({"serviceAccountName": "api", "automountServiceAccountToken": false, "containers": []}).DaemonSet.object,
		fixtures.carriers({"serviceAccountName": "elsewhere", "containers": []}).StatefulSet.object,
		fixtures.carriers({"containers": []}).CronJob.object,
	]
	sas := [_sa("api", {}), _sa("quiet", {"automountServiceAccountToken": false}), _sa("default", {"automountServiceAccountToken": true})]
	findings := automount.deny with input as fixtures.input_of(array.concat(pods, sas))
	{[f.doc, f.path, object.get(f, "severity", "")] | some f in findings} == {
		[0, ["spec", "serviceAccountName"], ""],
		[2, ["spec", "template", "spec", "automountServiceAccountToken"], ""],
		[4, ["spec", "template", "spec", "serviceAccountName"], "info"],
		[5, ["spec", "jobTemplate", "spec", "template", "spec", "serviceAccountName"], ""],
	}
	some f in findings
	f.doc == 4
	f.message == `ServiceAccount "default/elsewhere" is not in the scan, so whether the pod mounts an API token is not evaluable; set automountServiceAccountToken: false on the pod spec to decide here`
}

test_automount_opt_in_annotation if {
	pod := object.union(fixtures.carriers({"serviceAccountName": "api", "containers": []}).Deployment.object, {"spec": {"template": {"metadata": {"annotations": {"policy.eks/needs-k8s-api": "true"}}}}})
	workload := object.union(fixtures.carriers({"serviceAccountName": "api", "containers": []}).Deployment.object, {"metadata": {"annotations": {"policy.eks/needs-k8s-api": "true"}}})
	count(automount.deny) == 0 with input as fixtures.input_of([pod, workload, _sa("api", {})])
	ctx := object.union(fixtures.default_context, {"service_accounts": {"api_access_annotation": "example.com/api"}})
	count(automount.deny) == 2 with input as fixtures.input_with([pod, workload, _sa("api", {})], ctx)
}

test_default_service_account if {
	objs := [
		_sa("default", {}),
		_sa("default", {"automountServiceAccountToken": false}),
		fixtures.carriers({"containers": []}).Pod.object,
		fixtures.carriers({"serviceAccountName": "", "serviceAccount": "default", "containers": []}).Deployment.object,
		fixtures.carriers({"serviceAccountName": "app", "containers": []}).Deployment.object,
		_sa("app", {}),
	]
	findings := default_sa.deny with input as fixtures.input_of(objs)
	{[f.doc, f.path] | some f in findings} == {
		[0, ["automountServiceAccountToken"]],
		[2, ["spec", "serviceAccountName"]],
		[3, ["spec", "template", "spec", "serviceAccount"]],
	}
	some f in findings
	f.doc == 2
	f.message == "the pod runs as the namespace's default ServiceAccount (serviceAccountName is not set); give the application its own ServiceAccount"
}

test_wrong_types_do_not_error if {
	objs := [
		{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "spec": {"serviceAccountName": 7, "automountServiceAccountToken": "yes", "containers": []}},
		_sa("x", {"metadata": {"annotations": "x"}}),
	]
	{f.rule | some f in default_sa.deny} == {"EKS-IAM-020"} with input as fixtures.input_of(objs)
	{f.severity | some f in automount.deny} == {"info"} with input as fixtures.input_of(objs)
}
