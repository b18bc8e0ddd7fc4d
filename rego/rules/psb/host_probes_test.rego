package eks.rules.psb.host_probes_test

import data.eks.rules.psb.host_probes
import data.eks.test.pss as t

_spec := {
	"initContainers": [{"name": "sidecar", "restartPolicy": "Always", "startupProbe": {"tcpSocket": {"host": "10.0.0.1", "port": 1}}}],
	"containers": [{
		"name": "c",
		"livenessProbe": {"httpGet": {"host": "169.254.169.254", "port": 80}},
		"readinessProbe": {"httpGet": {"host": "", "port": 80}},
		"lifecycle": {"preStop": {"httpGet": {"host": "example.com", "port": 80}}, "postStart": {"tcpSocket": {"host": "db", "port": 5432}}},
	}],
}

test_from_v1_34_only if {
	count(host_probes.deny) == 0 with input as t.at("baseline", "v1.33", [t.pod(_spec)])
	findings := host_probes.deny with input as t.at("baseline", "v1.34", [t.pod(_spec)])
	t.paths(findings) == {
		["spec", "initContainers", 0, "startupProbe", "tcpSocket", "host"],
		["spec", "containers", 0, "livenessProbe", "httpGet", "host"],
		["spec", "containers", 0, "lifecycle", "preStop", "httpGet", "host"],
		["spec", "containers", 0, "lifecycle", "postStart", "tcpSocket", "host"],
	}
	`violates PodSecurity "baseline:v1.34": probe or lifecycle host (container "c" uses probe or lifecycle host "169.254.169.254")` in t.messages(findings)
}

test_latest_includes_it if {
	count(host_probes.deny) == 4 with input as t.at("baseline", "latest", [t.pod(_spec)])
}
