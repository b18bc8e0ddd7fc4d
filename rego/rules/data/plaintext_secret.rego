# METADATA
# title: No plaintext Kubernetes Secrets committed
# description: >-
#   A Secret manifest with `data` or `stringData` puts the secret in the repository: base64 is
#   an encoding, not encryption, and everyone who can read the repository (and its history)
#   can read the value. One finding per non-empty key, critical when the value matches a
#   high-confidence pattern (an AWS key, a private key, a token). The value is never shown,
#   only its first characters and its length. SealedSecret, ExternalSecret and
#   SecretProviderClass objects are the way to go and are not flagged.
# related_resources:
#   - ref: https://docs.aws.amazon.com/eks/latest/best-practices/data-encryption-and-secrets-management.html
#     description: EKS Best Practices, Use an external secrets provider
# custom:
#   id: EKS-DATA-007
#   severity: high
#   mode: enforce
#   input: k8s
#   remediation: >-
#     Remove the Secret from the repository and rotate the value (it is in the history). Keep
#     it in AWS Secrets Manager or SSM Parameter Store and sync it with an ExternalSecret
#     (External Secrets Operator) or a SecretProviderClass (Secrets Store CSI Driver), or
#     commit a SealedSecret instead.
#   fix:
#     before: |
#       kind: Secret
#       stringData:
#         password: hunter2
#     after: |
#       apiVersion: external-secrets.io/v1
#       kind: ExternalSecret
#       spec:
#         secretStoreRef: {name: aws-secrets-manager, kind: ClusterSecretStore}
#         target: {name: db}
#         data:
#           - secretKey: password
#             remoteRef: {key: prod/db, property: password}
#   compliance:
#     cis-eks: ["4.4.2"]
#     eks-bp: ["data"]
#   tags: [secrets, data]
package eks.rules.data.plaintext_secret

import data.eks.lib.k8s
import data.eks.lib.secrets

deny contains f if {
	some doc in k8s.of_kind("Secret")
	k8s.group(doc.apiVersion) == ""
	some r in secrets.secret_data(doc.object)
	msg := sprintf(
		`Secret "%s" commits %s: %s. base64 is not encryption; keep the value in an external store (ExternalSecret, SecretProviderClass) or commit a SealedSecret`,
		[doc.name, r.where, secrets.describe(r.summary)],
	)
	f := secrets.finding("EKS-DATA-007", doc, r.path, [], msg, r.summary)
}
