# METADATA
# title: hostPath mounts are read-only
# description: >-
#   Where a hostPath volume is allowed at all (privileged namespaces, node agents), every
#   container that mounts it should mount it read-only, so a compromised container cannot
#   plant files on the node or tamper with other pods' data. Applies to every container list
#   in every namespace except system and exempt ones.
# related_resources:
#   - ref: https://docs.aws.amazon.com/eks/latest/best-practices/pod-security.html
#     description: EKS Best Practices, Restrict the use of hostPath
# custom:
#   id: EKS-POD-002
#   severity: medium
#   mode: enforce
#   input: k8s
#   remediation: >-
#     Set `readOnly: true` on every volumeMount of a hostPath volume (or replace the hostPath volume).
#   fix:
#     before: |
#       volumeMounts:
#         - name: varlog
#           mountPath: /var/log
#     after: |
#       volumeMounts:
#         - name: varlog
#           mountPath: /var/log
#           readOnly: true
#   compliance:
#     eks-bp: ["pods"]
#   tags: [pod-security, hardening]
package eks.rules.pod.host_path_read_only

import data.eks.lib.k8s
import data.eks.lib.pss
import data.eks.lib.result

# hostPath volumes of a pod, by name, with their host path. Two volumes of one name (the API
# server would refuse it; a manifest may still hold it): the first one's path, one value per name.
_host_paths(pod) := {name: paths[0] |
	some name in {volume.name | some volume in pss.array_or_empty(pod.spec.volumes); volume.hostPath != null}
	paths := [object.get(pss.object_or_empty(volume.hostPath), "path", "") |
		some volume in pss.array_or_empty(pod.spec.volumes)
		volume.hostPath != null
		volume.name == name
	]
}

deny contains result.new("EKS-POD-002", pod.doc, path, msg) if {
	some pod in k8s.pods
	not pss.system_or_exempt(pod.doc.namespace)
	host_paths := _host_paths(pod)
	count(host_paths) > 0
	some c in k8s.containers(pod)
	some i, mount in pss.array_or_empty(c.container.volumeMounts)
	host_path := host_paths[mount.name]
	object.get(mount, "readOnly", null) != true
	path := array.concat(c.path, ["volumeMounts", i, "readOnly"])
	msg := sprintf(
		`container "%s" mounts hostPath volume "%s" (%s) read-write: set readOnly: true`,
		[c.name, mount.name, pss.display(host_path)],
	)
}
