# METADATA
# title: Minimise ServiceAccount token creation
# description: >-
#   `create` on `serviceaccounts/token` mints tokens for any ServiceAccount in scope: the
#   permissions of every one of them.
# related_resources:
#   - ref: https://kubernetes.io/docs/concepts/security/rbac-good-practices/#token-request
#     description: Kubernetes RBAC good practices, token request
# custom:
#   id: EKS-RBAC-009
#   severity: medium
#   mode: enforce
#   input: k8s
#   remediation: >-
#     Remove the permission; pods get their own token through the projected volume. Where a
#     controller needs it, restrict it to named ServiceAccounts with `resourceNames`.
#   compliance:
#     cis-eks: ["4.1.12"]
#     eks-bp: ["iam"]
#   tags: [rbac, identity]
package eks.rules.rbac.token_create

import data.eks.lib.rbac
import data.eks.lib.result

deny contains result.new("EKS-RBAC-009", r.doc, rbac.resource_path(r, "serviceaccounts/token"), msg) if {
	some r in rbac.rules
	count(rbac.grants(r.rule, ["create"], [{"resource": "serviceaccounts/token", "group": ""}])) > 0
	msg := sprintf(`%s grants create on serviceaccounts/token: it can mint a token for any ServiceAccount in scope`, [rbac.describe(r)])
}
