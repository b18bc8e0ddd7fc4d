package eks.rules.psb.proc_mount_test

import data.eks.rules.psb.proc_mount
import data.eks.rules.psr.proc_mount as restricted
import data.eks.test.pss as t

_spec(host_users) := {
	"hostUsers": host_users,
	"initContainers": [{"name": "i", "securityContext": {"procMount": "Unmasked"}}],
	"containers": [{"name": "c", "securityContext": {"procMount": "Default"}}],
}

test_unmasked_fails if {
	findings := proc_mount.deny with input as t.at("baseline", "v1.34", [t.pod(_spec(true))])
	t.messages(findings) == {`violates PodSecurity "baseline:v1.34": procMount (container "i" must not set securityContext.procMount to "Unmasked")`}
	t.paths(findings) == {["spec", "initContainers", 0, "securityContext", "procMount"]}
}

test_user_namespace_relaxation_from_v1_35 if {
	count(proc_mount.deny) == 1 with input as t.at("baseline", "v1.34", [t.pod(_spec(false))])
	count(proc_mount.deny) == 0 with input as t.at("baseline", "v1.35", [t.pod(_spec(false))])
	count(proc_mount.deny) == 0 with input as t.at("baseline", "latest", [t.pod(_spec(false))])
	count(proc_mount.deny) == 1 with input as t.at("baseline", "latest", [t.pod(_spec(true))])
}

test_restricted_below_v1_35_runs_the_baseline_check if {
	pod := t.pod(object.union(t.restricted_spec, {"hostUsers": false, "initContainers": [{"name": "i", "securityContext": {"allowPrivilegeEscalation": false, "capabilities": {"drop": ["ALL"]}, "procMount": "Unmasked"}}]}))
	count(proc_mount.deny) == 1 with input as t.at("restricted", "v1.34", [pod])
	count(restricted.deny) == 0 with input as t.at("restricted", "v1.34", [pod])
	count(proc_mount.deny) == 0 with input as t.at("restricted", "v1.35", [pod])
	t.messages(restricted.deny) == {`violates PodSecurity "restricted:v1.35": procMount (container "i" must not set securityContext.procMount to "Unmasked")`} with input as t.at("restricted", "v1.35", [pod])
}
