package eks.rules.psb.host_path_volumes_test

import data.eks.rules.psb.host_path_volumes
import data.eks.rules.psr.restricted_volumes
import data.eks.test.fixtures
import data.eks.test.pss as t

_spec := {"containers": [{"name": "a"}], "volumes": [
	{"name": "ok", "emptyDir": {}},
	{"name": "host", "hostPath": {"path": "/data"}},
	{"name": "nulled", "hostPath": null},
]}

test_every_carrier if {
	every c in fixtures.carriers(_spec) {
		findings := host_path_volumes.deny with input as t.at("baseline", "latest", [c.object])
		t.paths(findings) == {array.concat(c.spec_path, ["volumes", 1, "hostPath"])}
		t.messages(findings) == {`violates PodSecurity "baseline:latest": hostPath volumes (volume "host")`}
	}
}

test_restricted_overrides_it_at_every_version if {
	every version in ["v1.0", "v1.22", "latest"] {
		count(host_path_volumes.deny) == 0 with input as t.at("restricted", version, [t.pod(_spec)])
		t.paths(restricted_volumes.deny) == {["spec", "volumes", 1, "hostPath"]} with input as t.at("restricted", version, [t.pod(_spec)])
	}
}

test_default_modes_report_it_once_in_enforce if {
	inp := fixtures.input_of([t.pod(_spec)])
	[f.mode | some f in host_path_volumes.deny] == ["enforce"] with input as inp
	count(restricted_volumes.deny) == 0 with input as inp
}
