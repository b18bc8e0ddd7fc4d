# METADATA
# title: SA token automount disabled where the API is not needed
# description: >-
#   Most applications never call the Kubernetes API, yet every pod gets a ServiceAccount
#   token mounted unless told otherwise: a stolen token is a foothold. The effective setting
#   is the pod's `automountServiceAccountToken`, else its ServiceAccount's, else true. A pod
#   that needs the API opts in with the annotation `policy.eks/needs-k8s-api: "true"` (the key
#   is `service-accounts.api-access-annotation`). When the ServiceAccount is not in the scan
#   and the pod does not decide, the finding is `info` (not evaluable).
# related_resources:
#   - ref: https://docs.aws.amazon.com/eks/latest/best-practices/identity-and-access-management.html
#     description: EKS Best Practices, Disable auto-mounting of service account tokens
# custom:
#   id: EKS-IAM-019
#   severity: low
#   mode: enforce
#   input: k8s
#   remediation: >-
#     Set `automountServiceAccountToken: false` on the ServiceAccount (or the pod spec). If the
#     application calls the API, annotate the workload with `policy.eks/needs-k8s-api: "true"`.
#   fix:
#     before: |
#       spec:
#         serviceAccountName: shop
#     after: |
#       spec:
#         serviceAccountName: shop
#         automountServiceAccountToken: false
#   compliance:
#     cis-eks: ["4.1.6"]
#     eks-bp: ["iam", "pods"]
#   tags: [identity, service-accounts]
package eks.rules.iam.automount

import data.eks.lib.k8s
import data.eks.lib.result
import data.eks.lib.serviceaccounts as sa

_opt_in(pod) if {
	key := object.get(input.context, ["service_accounts", "api_access_annotation"], "policy.eks/needs-k8s-api")
	sa.annotation(pod, key) == "true"
}

deny contains result.new("EKS-IAM-019", pod.doc, path, msg) if {
	some pod in k8s.pods
	pod.spec.automountServiceAccountToken == true
	not _opt_in(pod)
	path := array.concat(pod.spec_path, ["automountServiceAccountToken"])
	msg := "the pod spec sets automountServiceAccountToken: true, so every container gets an API token; set it to false, or annotate the workload if it calls the Kubernetes API"
}

deny contains result.new("EKS-IAM-019", pod.doc, account.path, msg) if {
	some pod in k8s.pods
	not is_boolean(object.get(pod.spec, "automountServiceAccountToken", null))
	not _opt_in(pod)
	account := sa.of(pod)
	doc := sa.account(pod.doc.namespace, account.name)
	object.get(doc.object, "automountServiceAccountToken", true) == true
	msg := sprintf(`ServiceAccount "%s" mounts its API token into the pod (automountServiceAccountToken is not false on it or the pod spec); set it to false, or annotate the workload if it calls the Kubernetes API`, [account.name])
}

deny contains f if {
	some pod in k8s.pods
	not is_boolean(object.get(pod.spec, "automountServiceAccountToken", null))
	not _opt_in(pod)
	account := sa.of(pod)
	not sa.account(pod.doc.namespace, account.name)
	msg := sprintf(`ServiceAccount "%s/%s" is not in the scan, so whether the pod mounts an API token is not evaluable; set automountServiceAccountToken: false on the pod spec to decide here`, [pod.doc.namespace, account.name])
	f := object.union(result.new("EKS-IAM-019", pod.doc, account.path, msg), {"severity": "info"})
}
