package eks.rules.psb.windows_host_process_test

import data.eks.rules.psb.windows_host_process
import data.eks.test.fixtures
import data.eks.test.pss as t

test_pod_and_containers if {
	spec := {
		"securityContext": {"windowsOptions": {"hostProcess": true}},
		"initContainers": [{"name": "i", "securityContext": {"windowsOptions": {"hostProcess": false}}}],
		"containers": [{"name": "c", "securityContext": {"windowsOptions": {"hostProcess": true}}}],
	}
	every c in fixtures.carriers(spec) {
		findings := windows_host_process.deny with input as fixtures.input_of([c.object])
		t.paths(findings) == {
			array.concat(c.spec_path, ["securityContext", "windowsOptions", "hostProcess"]),
			array.concat(c.spec_path, ["containers", 0, "securityContext", "windowsOptions", "hostProcess"]),
		}
		`violates PodSecurity "baseline:latest": hostProcess (pod must not set securityContext.windowsOptions.hostProcess=true)` in t.messages(findings)
	}
}
