# METADATA
# title: No long-lived ServiceAccount token Secrets
# description: >-
#   A Secret of type `kubernetes.io/service-account-token` (with the
#   `kubernetes.io/service-account.name` annotation the token controller fills) holds a token
#   that never expires
#   and outlives the pod that needed it. Pods get short-lived, audience-bound tokens through
#   the projected volume (TokenRequest) instead. Allowed for Secrets listed under
#   `service-accounts.token-secrets` (`<namespace>/<name>`, `*` globs).
# related_resources:
#   - ref: https://docs.aws.amazon.com/eks/latest/best-practices/identity-and-access-management.html
#     description: EKS Best Practices, Don't use a service account token for authentication
# custom:
#   id: EKS-IAM-018
#   severity: medium
#   mode: enforce
#   input: k8s
#   remediation: >-
#     Delete the Secret. Workloads in the cluster use the projected token of their pod; tools
#     outside use `kubectl create token` (short-lived) or IAM authentication.
#   compliance:
#     eks-bp: ["iam"]
#   tags: [identity, service-accounts]
package eks.rules.iam.sa_token_secrets

import data.eks.lib.k8s
import data.eks.lib.rbac
import data.eks.lib.result

deny contains result.new("EKS-IAM-018", doc, ["type"], msg) if {
	some doc in k8s.of_kind("Secret")
	k8s.group(doc.apiVersion) == ""
	doc.object.type == "kubernetes.io/service-account-token"
	ref := concat("/", [doc.namespace, doc.name])
	sa := doc.object.metadata.annotations["kubernetes.io/service-account.name"]
	not rbac.allowed(ref, object.get(input.context, ["service_accounts", "token_secrets"], []))
	msg := sprintf(`Secret "%s" is a long-lived token of ServiceAccount "%s": use the pod's projected token or kubectl create token`, [ref, result.show(sa)])
}
