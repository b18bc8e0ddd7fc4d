# METADATA
# title: No write access to admission webhooks
# description: >-
#   Whoever can change a validating or mutating webhook configuration can switch off policy
#   enforcement or inject anything into every object the cluster admits.
# related_resources:
#   - ref: https://avd.aquasec.com/misconfig/ksv0114
#     description: Trivy KSV-0114
# custom:
#   id: EKS-RBAC-008
#   severity: high
#   mode: enforce
#   input: k8s
#   remediation: >-
#     Manage webhook configurations from the deployment pipeline. A webhook that rotates its
#     own CA bundle needs `update`/`patch` only on its own configuration (`resourceNames`).
#   compliance:
#     cis-eks: ["4.1.11"]
#     eks-bp: ["iam", "detective"]
#   tags: [rbac, identity]
package eks.rules.rbac.webhooks

import data.eks.lib.rbac
import data.eks.lib.result

_group := "admissionregistration.k8s.io"

_webhooks := [
	{"resource": "validatingwebhookconfigurations", "group": _group},
	{"resource": "mutatingwebhookconfigurations", "group": _group},
]

deny contains result.new("EKS-RBAC-008", r.doc, rbac.resource_path(r, first), msg) if {
	some r in rbac.rules
	granted := rbac.grants(r.rule, ["create", "update", "patch", "delete", "deletecollection"], _webhooks)
	count(granted) > 0
	not _own_only(r.rule)
	first := sort([g.resource | some g in granted])[0]
	msg := sprintf(
		`%s grants %s on %s: it can switch off or rewrite admission control`,
		[rbac.describe(r), rbac.join({g.verb | some g in granted}), rbac.join({g.resource | some g in granted})],
	)
}

# update/patch of named configurations only (a webhook patching its own CA bundle).
_own_only(rule) if {
	is_array(rule.resourceNames)
	count(rule.resourceNames) > 0
	count(rbac.verbs(rule, ["create", "delete", "deletecollection"])) == 0
}
