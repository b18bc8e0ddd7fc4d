# A custom rule: every workload names the team that owns it, so a finding (or an incident)
# reaches someone. Its METADATA sits on `deny`, with `entrypoint: true`, and is what the gate
# shows in every output (see docs/custom-policies.md).
package acme.workloads.team_label

import data.eks.lib.k8s
import data.eks.lib.result

# METADATA
# title: Workloads carry a team label
# description: >-
#   Every pod template carries a `team` label naming the owning team, so alerts, cost
#   reports and incident responders can find the owner.
# scope: document
# entrypoint: true
# related_resources:
#   - ref: https://kubernetes.io/docs/concepts/overview/working-with-objects/common-labels/
#     description: Kubernetes, Recommended labels
# custom:
#   id: ACME-LBL-001
#   severity: high
#   mode: enforce
#   input: k8s
#   remediation: "Add `team: <owning team>` to the pod template's labels."
#   fix:
#     before: |
#       template:
#         metadata:
#           labels:
#             app: shop
#     after: |
#       template:
#         metadata:
#           labels:
#             app: shop
#             team: payments
#   compliance:
#     eks-bp: ["incidents"]
#   tags: [ownership]
deny contains result.new("ACME-LBL-001", pod.doc, array.concat(pod.metadata_path, ["labels"]), msg) if {
	some pod in k8s.pods
	not _has_team(pod.metadata)
	msg := sprintf("%s %s has no \"team\" label on its pods", [pod.doc.kind, pod.doc.name])
}

_has_team(metadata) if {
	team := metadata.labels.team
	is_string(team)
	team != ""
}
