package eks.rules.psr.restricted_volumes_test

import data.eks.rules.psr.restricted_volumes
import data.eks.test.fixtures
import data.eks.test.pss as t

_pod(volumes) := t.pod(object.union(t.restricted_spec, {"volumes": volumes}))

test_allowed_types_at_every_version if {
	volumes := [
		{"name": "a", "configMap": {"name": "x"}}, {"name": "b", "csi": {"driver": "d"}},
		{"name": "c", "downwardAPI": {}}, {"name": "d", "emptyDir": {}},
		{"name": "e", "ephemeral": {"volumeClaimTemplate": {}}}, {"name": "f", "image": {"reference": "r"}},
		{"name": "g", "persistentVolumeClaim": {"claimName": "x"}}, {"name": "h", "projected": {"sources": []}},
		{"name": "i", "secret": {"secretName": "x"}},
		{"name": "defaulted-to-empty-dir"}, {"name": "nulled", "hostPath": null},
	]
	every version in ["v1.0", "v1.25", "latest"] {
		count(restricted_volumes.deny) == 0 with input as t.at("restricted", version, [_pod(volumes)])
	}
}

test_restricted_and_unknown_types if {
	volumes := [
		{"name": "nfs", "nfs": {"server": "s", "path": "/"}},
		{"name": "ebs", "awsElasticBlockStore": {"volumeID": "v"}},
		{"name": "git", "gitRepo": {"repository": "r"}},
		{"name": "weird", "someFutureSource": {}},
	]
	findings := restricted_volumes.deny with input as t.at("restricted", "latest", [_pod(volumes)])
	t.paths(findings) == {
		["spec", "volumes", 0, "nfs"], ["spec", "volumes", 1, "awsElasticBlockStore"],
		["spec", "volumes", 2, "gitRepo"], ["spec", "volumes", 3, "someFutureSource"],
	}
	`violates PodSecurity "restricted:latest": restricted volume types (volume "nfs" uses restricted volume type "nfs")` in t.messages(findings)
	`violates PodSecurity "restricted:latest": restricted volume types (volume "weird" uses restricted volume type "unknown")` in t.messages(findings)
}

test_not_in_baseline if {
	count(restricted_volumes.deny) == 0 with input as t.at("baseline", "latest", [_pod([{"name": "n", "nfs": {}}])])
}

test_every_carrier if {
	every c in fixtures.carriers(object.union(t.restricted_spec, {"volumes": [{"name": "n", "nfs": {}}]})) {
		t.paths(restricted_volumes.deny) == {array.concat(c.spec_path, ["volumes", 0, "nfs"])} with input as t.at("restricted", "latest", [c.object])
	}
}
