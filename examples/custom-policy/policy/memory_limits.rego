# A second custom rule, in warn mode: it is reported but never blocks.
package acme.workloads.memory_limits

import data.eks.lib.k8s
import data.eks.lib.result

# METADATA
# title: Containers set a memory limit
# description: >-
#   A container without a memory limit can take the node's memory and get its neighbours
#   evicted. Checked on init, regular and ephemeral containers of every pod carrier.
# scope: document
# entrypoint: true
# custom:
#   id: ACME-RES-001
#   severity: medium
#   mode: warn
#   remediation: Set `resources.limits.memory` on the container.
#   fix:
#     before: |
#       resources: {}
#     after: |
#       resources:
#         limits:
#           memory: 256Mi
#   tags: [resources]
deny contains result.new("ACME-RES-001", pod.doc, path, msg) if {
	some pod in k8s.pods
	some c in k8s.containers(pod)
	not c.container.resources.limits.memory
	path := array.concat(c.path, ["resources", "limits", "memory"])
	msg := sprintf("container \"%s\" has no memory limit", [c.name])
}
