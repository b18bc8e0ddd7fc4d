# METADATA
# title: No container-runtime socket mounts
# description: >-
#   A container that can reach the container runtime's socket (Docker, containerd, CRI-O) can
#   start privileged containers on the node, read every other container, and take over the
#   node. This flags hostPath volumes that are, or contain, a runtime socket, and those that
#   expose the whole root, /run, /var/run, the kubelet's state (/var/lib/kubelet) or the
#   node's Kubernetes configuration (/etc/kubernetes). Paths are normalised (repeated and
#   trailing slashes, "." segments). It applies in every namespace, including privileged and
#   system ones.
# related_resources:
#   - ref: https://docs.aws.amazon.com/eks/latest/best-practices/pod-security.html
#     description: EKS Best Practices, Never run Docker in Docker or mount the socket in the container
# custom:
#   id: EKS-POD-001
#   severity: critical
#   mode: enforce
#   input: k8s
#   remediation: >-
#     Remove the hostPath volume. Build images with a daemonless builder (Kaniko, BuildKit
#     rootless, buildah) instead of Docker-in-Docker; a node agent that genuinely needs the
#     runtime belongs to a vetted add-on, suppressed with an exception that names its owner.
#   fix:
#     before: |
#       volumes:
#         - name: docker
#           hostPath:
#             path: /var/run/docker.sock
#     after: |
#       volumes:
#         - name: cache
#           emptyDir: {}
#   compliance:
#     eks-bp: ["pods"]
#     nsa-cisa: ["pod-security"]
#   tags: [pod-security, container-runtime]
package eks.rules.pod.runtime_socket

import data.eks.lib.k8s
import data.eks.lib.pss
import data.eks.lib.result

_sockets := [
	"/var/run/docker.sock",
	"/run/docker.sock",
	"/var/run/containerd/containerd.sock",
	"/run/containerd/containerd.sock",
	"/var/run/crio/crio.sock",
	"/var/run/cri-dockerd.sock",
]

_directories := {"/", "/var/run", "/run", "/var/lib/kubelet", "/etc/kubernetes"}

# METADATA
# title: Normalise a host path
# description: Collapses repeated slashes, drops "." segments and a trailing slash.
normalise(p) := concat("", ["/", concat("/", [s | some s in split(p, "/"); not s in {"", "."}])])

_reason(path) := sprintf("it is the host directory %s", [path]) if path in _directories

else := sprintf("it is the container runtime socket %s", [path]) if path in _sockets

else := sprintf("the container runtime socket %s is under it", [socket]) if {
	socket := min({s | some s in _sockets; startswith(s, concat("", [path, "/"]))})
}

deny contains result.new("EKS-POD-001", pod.doc, path, msg) if {
	some pod in k8s.pods
	some i, volume in pss.array_or_empty(pod.spec.volumes)
	raw := volume.hostPath.path
	is_string(raw)
	reason := _reason(normalise(raw))
	path := array.concat(pod.spec_path, ["volumes", i, "hostPath", "path"])
	msg := sprintf(
		`hostPath volume %s mounts %s: %s, and a container that reaches the container runtime controls every container on the node`,
		[pss.quote(pss.display(object.get(volume, "name", ""))), raw, reason],
	)
}
