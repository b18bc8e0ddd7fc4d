# METADATA
# title: CPU and memory requests and a memory limit are set
# description: >-
#   Requests let the scheduler place pods and protect them under node pressure; a memory
#   limit stops one container from exhausting the node's memory. Containers need
#   requests.cpu, requests.memory and limits.memory; init containers need the requests
#   (ephemeral containers cannot set resources). A request the API server defaults from the
#   limit counts as set. System and exempt namespaces are skipped.
# related_resources:
#   - ref: https://docs.aws.amazon.com/eks/latest/best-practices/pod-security.html
#     description: EKS Best Practices, Set requests and limits for each container
#   - ref: https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/
#     description: Resource Management for Pods and Containers
# custom:
#   id: EKS-POD-004
#   severity: low
#   mode: enforce
#   input: k8s
#   remediation: >-
#     Set `resources.requests.cpu`, `resources.requests.memory` and `resources.limits.memory` on every container.
#   fix:
#     before: |
#       resources: {}
#     after: |
#       resources:
#         requests:
#           cpu: 100m
#           memory: 128Mi
#         limits:
#           memory: 256Mi
#   compliance:
#     eks-bp: ["pods"]
#   tags: [hardening, resources]
package eks.rules.pod.resources

import data.eks.lib.k8s
import data.eks.lib.pss
import data.eks.lib.result

# What each container list must set: [section, resource].
_required := {
	"containers": [["requests", "cpu"], ["requests", "memory"], ["limits", "memory"]],
	"initContainers": [["requests", "cpu"], ["requests", "memory"]],
}

_label := {"cpu": "CPU", "memory": "memory"}

_set(resources, ["requests", name]) if pss.object_or_empty(resources.requests)[name] != null

# An unset request defaults to the limit.
_set(resources, ["requests", name]) if pss.object_or_empty(resources.limits)[name] != null

_set(resources, ["limits", name]) if pss.object_or_empty(resources.limits)[name] != null

deny contains result.new("EKS-POD-004", pod.doc, path, msg) if {
	some pod in k8s.pods
	not pss.system_or_exempt(pod.doc.namespace)
	some c in k8s.containers(pod)
	some [section, name] in _required[c.list]
	resources := pss.object_or_empty(object.get(c.container, "resources", {}))
	not _set(resources, [section, name])
	path := array.concat(c.path, ["resources", section, name])
	msg := sprintf(`container "%s" sets no %s %s (resources.%s.%s)`, [c.name, _label[name], trim_suffix(section, "s"), section, name])
}
