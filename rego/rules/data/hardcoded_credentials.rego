# METADATA
# title: No hard-coded credentials in pod specs
# description: >-
#   A credential written into a pod spec is in the repository, in every rendered manifest and
#   in the API server for anyone who can read the workload. Checked: literal `env[].value`
#   (by content, and by a sensitive name such as `DB_PASSWORD` or `API_KEY`), `command`,
#   `args`, lifecycle hooks and probe `exec.command` (by content, `--password=...`, and the
#   argument after a secret flag). Critical when the value matches a high-confidence pattern
#   (an AWS key, a private key, a token, a URL with a password), high for a literal under a
#   sensitive name. Placeholders (`changeme`, `${VAR}`, `$(VAR)`, `{{ }}`), references
#   (Secrets Manager or SSM ARNs, file paths, plain URLs) and names such as `PASSWORD_FILE` or
#   `TOKEN_URL` are not flagged. The value is never shown, only its first characters and its
#   length. With `secrets.scan-custom-resources: true`, every string of custom resources is
#   scanned too.
# related_resources:
#   - ref: https://docs.aws.amazon.com/eks/latest/best-practices/data-encryption-and-secrets-management.html
#     description: EKS Best Practices, Secrets management
# custom:
#   id: EKS-DATA-009
#   severity: critical
#   mode: enforce
#   input: k8s
#   remediation: >-
#     Remove the value from the manifest and rotate it. Keep it in AWS Secrets Manager, sync it
#     into a Secret (ExternalSecret or SecretProviderClass) and mount that Secret as a file.
#   fix:
#     before: |
#       env:
#         - name: DB_PASSWORD
#           value: hunter2
#     after: |
#       volumeMounts:
#         - {name: db, mountPath: /var/run/secrets/db, readOnly: true}
#   compliance:
#     eks-bp: ["data"]
#   tags: [secrets, data]
package eks.rules.data.hardcoded_credentials

import data.eks.lib.k8s
import data.eks.lib.secrets

deny contains f if {
	some doc in input.documents
	some r in secrets.pod_literals(doc.object)
	msg := sprintf(
		`%s holds %s in the manifest; keep it in a Secret from an external store and mount it as a file`,
		[r.where, secrets.describe(r.summary)],
	)
	f := secrets.finding("EKS-DATA-009", doc, r.path, [], msg, r.summary)
}

# Groups of the built-in API: everything else is a custom resource.
_builtin_groups := {
	"", "apps", "batch", "extensions", "policy", "autoscaling", "rbac.authorization.k8s.io",
	"networking.k8s.io", "storage.k8s.io", "admissionregistration.k8s.io", "apiextensions.k8s.io",
	"coordination.k8s.io", "discovery.k8s.io", "scheduling.k8s.io", "node.k8s.io",
	"certificates.k8s.io", "flowcontrol.apiserver.k8s.io", "apiregistration.k8s.io",
	"authentication.k8s.io", "authorization.k8s.io", "events.k8s.io", "resource.k8s.io",
	"internal.apiserver.k8s.io", "storagemigration.k8s.io",
}

deny contains f if {
	input.context.secrets.scan_custom_resources == true
	some doc in input.documents
	doc.source != "terraform"
	not k8s.group(doc.apiVersion) in _builtin_groups
	some r in secrets.custom_resource_leaves(doc.object)
	msg := sprintf(
		`%s %s holds %s; keep it in a Secret from an external store and reference it`,
		[doc.kind, r.where, secrets.describe(r.summary)],
	)
	f := secrets.finding("EKS-DATA-009", doc, r.path, [], msg, r.summary)
}
