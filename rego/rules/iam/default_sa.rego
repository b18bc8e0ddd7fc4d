# METADATA
# title: Default ServiceAccount is not used and does not automount
# description: >-
#   Every pod without a `serviceAccountName` runs as its namespace's `default` ServiceAccount,
#   so permissions granted to it (or an IRSA role annotated on it) reach every such pod.
#   Flagged: (a) every ServiceAccount named `default` that does not set
#   `automountServiceAccountToken: false`; (b) every workload that runs as `default`
#   (`serviceAccountName` empty or unset, or the deprecated `serviceAccount`).
# related_resources:
#   - ref: https://docs.aws.amazon.com/eks/latest/best-practices/identity-and-access-management.html
#     description: EKS Best Practices, Use dedicated service accounts for each application
# custom:
#   id: EKS-IAM-020
#   severity: medium
#   mode: enforce
#   input: k8s
#   remediation: >-
#     Create a ServiceAccount per application and set `serviceAccountName`; set
#     `automountServiceAccountToken: false` on each namespace's `default` ServiceAccount.
#   fix:
#     before: |
#       spec:
#         containers: [...]
#     after: |
#       spec:
#         serviceAccountName: checkout
#         containers: [...]
#   compliance:
#     cis-eks: ["4.1.5"]
#     eks-bp: ["iam"]
#   tags: [identity, service-accounts]
package eks.rules.iam.default_sa

import data.eks.lib.k8s
import data.eks.lib.result
import data.eks.lib.serviceaccounts as sa

deny contains result.new("EKS-IAM-020", doc, ["automountServiceAccountToken"], msg) if {
	some doc in k8s.of_kind("ServiceAccount")
	k8s.group(doc.apiVersion) == ""
	doc.name == "default"
	object.get(doc.object, "automountServiceAccountToken", null) != false
	msg := sprintf(`the default ServiceAccount of namespace "%s" does not set automountServiceAccountToken: false, so every pod without its own ServiceAccount gets its token`, [doc.namespace])
}

deny contains result.new("EKS-IAM-020", pod.doc, account.path, msg) if {
	some pod in k8s.pods
	account := sa.of(pod)
	account.name == "default"
	msg := _message(account)
}

_message(account) := "the pod runs as the namespace's default ServiceAccount (serviceAccountName is not set); give the application its own ServiceAccount" if {
	not account.explicit
} else := "the pod runs as the namespace's default ServiceAccount; give the application its own ServiceAccount"
