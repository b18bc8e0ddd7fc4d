package eks.rules.psb.app_armor_test

import data.eks.rules.psb.app_armor
import data.eks.test.fixtures
import data.eks.test.pss as t

test_fields if {
	spec := {
		"securityContext": {"appArmorProfile": {"type": "Unconfined"}},
		"initContainers": [{"name": "i", "securityContext": {"appArmorProfile": {"type": "RuntimeDefault"}}}],
		"containers": [{"name": "c", "securityContext": {"appArmorProfile": {"type": "Localhost", "localhostProfile": "p"}}}],
		"ephemeralContainers": [{"name": "e", "securityContext": {"appArmorProfile": {"type": "Unconfined"}}}],
	}
	findings := app_armor.deny with input as t.at("baseline", "v1.0", [t.pod(spec)])
	t.paths(findings) == {["spec", "securityContext", "appArmorProfile", "type"], ["spec", "ephemeralContainers", 0, "securityContext", "appArmorProfile", "type"]}
	`violates PodSecurity "baseline:v1.0": forbidden AppArmor profile (pod must not set AppArmor profile type to "Unconfined")` in t.messages(findings)
	`violates PodSecurity "baseline:v1.0": forbidden AppArmor profile (container "e" must not set AppArmor profile type to "Unconfined")` in t.messages(findings)
}

test_annotations_in_the_template_metadata if {
	annotations := {
		"container.apparmor.security.beta.kubernetes.io/a": "unconfined",
		"container.apparmor.security.beta.kubernetes.io/b": "runtime/default",
		"container.apparmor.security.beta.kubernetes.io/c": "localhost/custom",
		"container.apparmor.security.beta.kubernetes.io/d": "",
		"container.apparmor.security.beta.kubernetes.io/no-such-container": "docker/default",
	}
	deployment := {
		"apiVersion": "apps/v1", "kind": "Deployment",
		"metadata": {"name": "d", "namespace": "default", "annotations": {"container.apparmor.security.beta.kubernetes.io/x": "unconfined"}},
		"spec": {"template": {"metadata": {"annotations": annotations}, "spec": {"containers": [{"name": "a"}]}}},
	}
	findings := app_armor.deny with input as fixtures.input_of([deployment])
	t.paths(findings) == {
		["spec", "template", "metadata", "annotations", "container.apparmor.security.beta.kubernetes.io/a"],
		["spec", "template", "metadata", "annotations", "container.apparmor.security.beta.kubernetes.io/no-such-container"],
	}
	`violates PodSecurity "baseline:latest": forbidden AppArmor profile (annotation must not set AppArmor profile type to "container.apparmor.security.beta.kubernetes.io/a="unconfined"")` in t.messages(findings)
}
