# METADATA
# title: Workloads are attributable
# description: >-
#   In an incident, responders find the offending pods by workload name and ServiceAccount.
#   A pod template needs a workload-name label (`app.kubernetes.io/name`, `app` or `k8s-app`)
#   and a ServiceAccount of its own: pods that all run as `default` cannot be told apart by
#   identity, and revoking one revokes all.
# related_resources:
#   - ref: https://docs.aws.amazon.com/eks/latest/best-practices/incident-response-and-forensics.html
#     description: EKS Best Practices, Identify the offending Pod and worker node
# custom:
#   id: EKS-IR-002
#   severity: low
#   mode: enforce
#   input: k8s
#   remediation: >-
#     Label the pod template with `app.kubernetes.io/name` and give the workload its own
#     ServiceAccount (`serviceAccountName`).
#   fix:
#     before: |
#       template:
#         spec:
#           containers: [...]
#     after: |
#       template:
#         metadata:
#           labels:
#             app.kubernetes.io/name: checkout
#         spec:
#           serviceAccountName: checkout
#           containers: [...]
#   compliance:
#     eks-bp: ["incidents"]
#   tags: [incident-response]
package eks.rules.ir.attributable

import data.eks.lib.k8s
import data.eks.lib.result
import data.eks.lib.serviceaccounts as sa

_name_labels := ["app.kubernetes.io/name", "app", "k8s-app"]

_named(pod) if {
	some key in _name_labels
	v := pod.metadata.labels[key]
	is_string(v)
	v != ""
}

deny contains result.new("EKS-IR-002", pod.doc, array.concat(pod.metadata_path, ["labels"]), msg) if {
	some pod in k8s.pods
	not _named(pod)
	msg := "the pod has no workload-name label (app.kubernetes.io/name, app or k8s-app), so responders cannot find its pods by name"
}

deny contains result.new("EKS-IR-002", pod.doc, account.path, msg) if {
	some pod in k8s.pods
	account := sa.of(pod)
	account.name == "default"
	msg := "the pod runs as the default ServiceAccount, so it cannot be identified (or its credentials revoked) apart from every other such pod"
}
