package eks.rules.pod.host_path_read_only_test

import data.eks.rules.pod.host_path_read_only as rule
import data.eks.test.fixtures
import data.eks.test.pss as t

_spec := {
	"volumes": [{"name": "logs", "hostPath": {"path": "/var/log"}}, {"name": "tmp", "emptyDir": {}}],
	"initContainers": [{"name": "i", "volumeMounts": [{"name": "logs", "mountPath": "/l", "readOnly": true}]}],
	"containers": [{"name": "c", "volumeMounts": [{"name": "tmp", "mountPath": "/tmp"}, {"name": "logs", "mountPath": "/l"}]}],
	"ephemeralContainers": [{"name": "e", "volumeMounts": [{"name": "logs", "mountPath": "/l", "readOnly": false}]}],
}

test_read_write_host_path_mounts if {
	every c in fixtures.carriers(_spec) {
		findings := rule.deny with input as fixtures.input_of([c.object])
		t.paths(findings) == {
			array.concat(c.spec_path, ["containers", 0, "volumeMounts", 1, "readOnly"]),
			array.concat(c.spec_path, ["ephemeralContainers", 0, "volumeMounts", 0, "readOnly"]),
		}
	}
	`container "c" mounts hostPath volume "logs" (/var/log) read-write: set readOnly: true` in t.messages(rule.deny) with input as fixtures.input_of([t.pod(_spec)])
}

test_system_namespaces_skipped if {
	pod := object.union(t.pod(_spec), {"metadata": {"namespace": "kube-system"}})
	count(rule.deny) == 0 with input as fixtures.input_of([pod])
}
