package eks.rules.psr.proc_mount_test

import data.eks.rules.psr.proc_mount as rule
import data.eks.test.pss as t

test_from_v1_35_regardless_of_host_users if {
	spec := object.union(t.restricted_spec, {"hostUsers": false, "containers": [{"name": "app", "securityContext": {"allowPrivilegeEscalation": false, "capabilities": {"drop": ["ALL"]}, "procMount": "Unmasked"}}]})
	count(rule.deny) == 0 with input as t.at("restricted", "v1.34", [t.pod(spec)])
	t.paths(rule.deny) == {["spec", "containers", 0, "securityContext", "procMount"]} with input as t.at("restricted", "v1.35", [t.pod(spec)])
	count(rule.deny) == 0 with input as t.at("baseline", "latest", [t.pod(spec)])
}

test_default_passes if {
	spec := object.union(t.restricted_spec, {"containers": [{"name": "app", "securityContext": {"allowPrivilegeEscalation": false, "capabilities": {"drop": ["ALL"]}, "procMount": "Default"}}]})
	count(rule.deny) == 0 with input as t.at("restricted", "latest", [t.pod(spec)])
}
