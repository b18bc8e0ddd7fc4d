package eks.rules.pod.runtime_socket_test

import data.eks.rules.pod.runtime_socket as rule
import data.eks.test.fixtures
import data.eks.test.pss as t

_flagged(path) if {
	count(rule.deny) == 1 with input as fixtures.input_of([t.pod({"containers": [], "volumes": [{"name": "v", "hostPath": {"path": path}}]})])
}

test_sockets_and_their_parents if {
	every path in [
		"/var/run/docker.sock", "/run/containerd/containerd.sock", "/var/run/crio/crio.sock",
		"/var/run/cri-dockerd.sock", "/var/run", "/var/run/", "/var", "//var//run//containerd/",
		"/run/containerd", "/", "/var/lib/kubelet", "/etc/kubernetes/", "/var/./run",
	] {
		_flagged(path)
	}
}

test_other_paths_pass if {
	every path in ["/var/log", "/var/lib/kubelet/pods", "/etc/kubernetes-other", "/var/run/secrets", "/run/xtables.lock", "/var/run/docker"] {
		not _flagged(path)
	}
}

test_applies_in_system_and_privileged_namespaces if {
	pod := object.union(t.pod({"containers": [], "volumes": [{"name": "sock", "hostPath": {"path": "/var/run/docker.sock"}}]}), {"metadata": {"namespace": "kube-system"}})
	findings := rule.deny with input as fixtures.input_of([fixtures.namespace("kube-system", {"pod-security.kubernetes.io/enforce": "privileged"}), pod])
	[f.path | some f in findings] == [["spec", "volumes", 0, "hostPath", "path"]]
	[f.message | some f in findings] == [`hostPath volume "sock" mounts /var/run/docker.sock: it is the container runtime socket /var/run/docker.sock, and a container that reaches the container runtime controls every container on the node`]
}

test_every_carrier if {
	every c in fixtures.carriers({"containers": [], "volumes": [{"name": "v", "hostPath": {"path": "/run"}}]}) {
		count(rule.deny) == 1 with input as fixtures.input_of([c.object])
	}
}
