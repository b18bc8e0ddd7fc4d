package eks.rules.psb.seccomp_test

import data.eks.rules.psb.seccomp
import data.eks.test.fixtures
import data.eks.test.pss as t

_annotated(annotations, spec) := {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p", "namespace": "default", "annotations": annotations}, "spec": spec}

_annotations := {
	"seccomp.security.alpha.kubernetes.io/pod": "unconfined",
	"container.seccomp.security.alpha.kubernetes.io/c": "docker/default",
	"container.seccomp.security.alpha.kubernetes.io/i": "",
	"container.seccomp.security.alpha.kubernetes.io/gone": "unconfined",
}

_fields := {
	"securityContext": {"seccompProfile": {"type": "Unconfined"}},
	"initContainers": [{"name": "i"}],
	"containers": [{"name": "c", "securityContext": {"seccompProfile": {"type": "Localhost", "localhostProfile": "p.json"}}}],
	"ephemeralContainers": [{"name": "e", "securityContext": {"seccompProfile": {"type": "Unconfined"}}}],
}

test_annotations_below_v1_19_only if {
	pod := _annotated(_annotations, _fields)
	findings := seccomp.deny with input as t.at("baseline", "v1.18", [pod])
	t.paths(findings) == {
		["metadata", "annotations", "seccomp.security.alpha.kubernetes.io/pod"],
		["metadata", "annotations", "container.seccomp.security.alpha.kubernetes.io/i"],
	}
	`violates PodSecurity "baseline:v1.18": seccompProfile (forbidden annotation seccomp.security.alpha.kubernetes.io/pod="unconfined")` in t.messages(findings)
}

test_fields_from_v1_19 if {
	pod := _annotated(_annotations, _fields)
	findings := seccomp.deny with input as t.at("baseline", "v1.19", [pod])
	t.paths(findings) == {
		["spec", "securityContext", "seccompProfile", "type"],
		["spec", "ephemeralContainers", 0, "securityContext", "seccompProfile", "type"],
	}
	`violates PodSecurity "baseline:v1.19": seccompProfile (pod must not set securityContext.seccompProfile.type to "Unconfined")` in t.messages(findings)
}

test_restricted_runs_it_below_v1_19 if {
	pod := _annotated({"seccomp.security.alpha.kubernetes.io/pod": "unconfined"}, t.restricted_spec)
	count(seccomp.deny) == 1 with input as t.at("restricted", "v1.18", [pod])
	count(seccomp.deny) == 0 with input as t.at("restricted", "v1.19", [pod])
}

test_template_annotations_in_a_cronjob if {
	c := fixtures.carriers({"containers": [{"name": "c"}]}).CronJob
	job := json.patch(c.object, [{"op": "add", "path": "/spec/jobTemplate/spec/template/metadata/annotations", "value": {"seccomp.security.alpha.kubernetes.io/pod": "unconfined"}}])
	t.paths(seccomp.deny) == {["spec", "jobTemplate", "spec", "template", "metadata", "annotations", "seccomp.security.alpha.kubernetes.io/pod"]} with input as t.at("baseline", "v1.0", [job])
}
