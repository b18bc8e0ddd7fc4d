package eks.rules.psb.host_ports_test

import data.eks.rules.psb.host_ports
import data.eks.test.fixtures
import data.eks.test.pss as t

test_any_non_zero_host_port_fails if {
	spec := {
		"initContainers": [{"name": "i", "ports": [{"containerPort": 53, "hostPort": 53}]}],
		"containers": [{"name": "c", "ports": [{"containerPort": 80}, {"containerPort": 8080, "hostPort": 0}, {"containerPort": 443, "hostPort": 443}]}],
		"ephemeralContainers": [{"name": "e", "ports": [{"hostPort": 9000}]}],
	}
	every c in fixtures.carriers(spec) {
		findings := host_ports.deny with input as fixtures.input_of([c.object])
		t.paths(findings) == {
			array.concat(c.spec_path, ["initContainers", 0, "ports", 0, "hostPort"]),
			array.concat(c.spec_path, ["containers", 0, "ports", 2, "hostPort"]),
			array.concat(c.spec_path, ["ephemeralContainers", 0, "ports", 0, "hostPort"]),
		}
	}
}

test_message if {
	findings := host_ports.deny with input as t.at("restricted", "v1.30", [t.pod({"containers": [{"name": "c", "ports": [{"hostPort": 8080}]}]})])
	t.messages(findings) == {`violates PodSecurity "restricted:v1.30": hostPort (container "c" uses hostPort 8080)`}
}

test_ill_typed if {
	count(host_ports.deny) == 0 with input as fixtures.input_of([t.pod({"containers": [{"name": "c", "ports": [{"hostPort": "80"}, "x"]}, {"name": "d", "ports": 5}]})])
}
