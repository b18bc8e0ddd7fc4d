# METADATA
# title: Minimise read access to Secrets
# description: >-
#   `get`, `list` or `watch` on Secrets reads every credential in scope: service account
#   tokens, registry credentials, database passwords. `list` and `watch` return the values
#   too, not only names. Roles and ClusterRoles are both checked (the CIS audit checks Roles
#   only).
# related_resources:
#   - ref: https://docs.aws.amazon.com/eks/latest/best-practices/identity-and-access-management.html
#     description: EKS Best Practices, Employ least privileged access
#   - ref: https://avd.aquasec.com/misconfig/ksv0041
#     description: Trivy KSV-0041, KSV-0113
# custom:
#   id: EKS-RBAC-003
#   severity: high
#   mode: enforce
#   input: k8s
#   remediation: >-
#     Mount the Secrets a workload needs instead of reading them through the API. If API
#     access is unavoidable, grant `get` only, on a namespaced Role, with `resourceNames`.
#   fix:
#     before: |
#       - apiGroups: [""]
#         resources: ["secrets"]
#         verbs: ["get", "list", "watch"]
#     after: |
#       - apiGroups: [""]
#         resources: ["secrets"]
#         resourceNames: ["app-tls"]
#         verbs: ["get"]
#   compliance:
#     cis-eks: ["4.1.2"]
#     eks-bp: ["iam"]
#   tags: [rbac, identity, secrets]
package eks.rules.rbac.secrets_read

import data.eks.lib.rbac
import data.eks.lib.result

deny contains result.new("EKS-RBAC-003", r.doc, rbac.resource_path(r, "secrets"), msg) if {
	some r in rbac.rules
	granted := rbac.grants(r.rule, ["get", "list", "watch"], [{"resource": "secrets", "group": ""}])
	count(granted) > 0
	msg := sprintf(`%s grants %s on secrets%s: it reads the credentials in scope`, [rbac.describe(r), rbac.join({g.verb | some g in granted}), _names(r.rule)])
}

_names(rule) := sprintf(" (resourceNames: %s)", [concat(", ", rule.resourceNames)]) if {
	is_array(rule.resourceNames)
	count(rule.resourceNames) > 0
	every n in rule.resourceNames {
		is_string(n)
	}
} else := ""
