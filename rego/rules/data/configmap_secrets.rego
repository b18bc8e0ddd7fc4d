# METADATA
# title: No secrets in ConfigMaps
# description: >-
#   ConfigMaps are stored unencrypted, readable by far more roles than Secrets, and printed by
#   `kubectl describe`. A finding per key whose value matches a high-confidence pattern
#   (critical), holds a `password=...` style assignment (high), or sits under a sensitive key
#   name with a literal value (high; keys that name files such as `app.properties` are judged
#   by their content). `binaryData` is base64-decoded first. The value is never shown, only its
#   first characters and its length.
# related_resources:
#   - ref: https://docs.aws.amazon.com/eks/latest/best-practices/data-encryption-and-secrets-management.html
#     description: EKS Best Practices, Secrets management
#   - ref: https://avd.aquasec.com/misconfig/ksv0109
#     description: Trivy KSV-0109, ConfigMap with secrets
# custom:
#   id: EKS-DATA-010
#   severity: high
#   mode: enforce
#   input: k8s
#   remediation: >-
#     Move the value out of the ConfigMap into AWS Secrets Manager, sync it into a Secret
#     (ExternalSecret or SecretProviderClass), mount it as a file and rotate it.
#   fix:
#     before: |
#       kind: ConfigMap
#       data:
#         DB_PASSWORD: hunter2
#     after: |
#       kind: ExternalSecret
#       spec:
#         target: {name: db}
#         data:
#           - {secretKey: DB_PASSWORD, remoteRef: {key: prod/db, property: password}}
#   compliance:
#     eks-bp: ["data"]
#   tags: [secrets, data]
package eks.rules.data.configmap_secrets

import data.eks.lib.k8s
import data.eks.lib.secrets

deny contains f if {
	some doc in k8s.of_kind("ConfigMap")
	k8s.group(doc.apiVersion) == ""
	some r in secrets.configmap_data(doc.object)
	msg := sprintf(
		`ConfigMap "%s" %s holds %s; ConfigMaps are not for secrets: keep it in a Secret from an external store`,
		[doc.name, r.where, secrets.describe(r.summary)],
	)
	f := secrets.finding("EKS-DATA-010", doc, r.path, [], msg, r.summary)
}
