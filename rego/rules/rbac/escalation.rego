# METADATA
# title: No bind, escalate or impersonate
# description: >-
#   `bind` and `escalate` on roles, `impersonate` on users, groups or service accounts, and
#   create/update/patch on roles and bindings all let a subject give itself permissions it
#   does not have: a path to cluster-admin.
# related_resources:
#   - ref: https://kubernetes.io/docs/concepts/security/rbac-good-practices/#privilege-escalation-risks
#     description: Kubernetes RBAC good practices, privilege escalation risks
#   - ref: https://avd.aquasec.com/misconfig/ksv0043
#     description: Trivy KSV-0043, KSV-0050/0051/0052
# custom:
#   id: EKS-RBAC-005
#   severity: high
#   mode: enforce
#   input: k8s
#   remediation: >-
#     Remove these verbs. Manage RBAC objects from the deployment pipeline, not from
#     workloads; give controllers that must create bindings only `bind` on the named roles
#     they hand out (`resourceNames`).
#   compliance:
#     cis-eks: ["4.1.8"]
#     eks-bp: ["iam"]
#   tags: [rbac, identity, privilege-escalation]
package eks.rules.rbac.escalation

import data.eks.lib.rbac
import data.eks.lib.result

_rbac := "rbac.authorization.k8s.io"

_roles := [{"resource": "roles", "group": _rbac}, {"resource": "clusterroles", "group": _rbac}]

_bindings := [{"resource": "rolebindings", "group": _rbac}, {"resource": "clusterrolebindings", "group": _rbac}]

_identities := [
	{"resource": "users", "group": ""},
	{"resource": "groups", "group": ""},
	{"resource": "serviceaccounts", "group": ""},
	{"resource": "uids", "group": "authentication.k8s.io"},
	{"resource": "userextras/scopes", "group": "authentication.k8s.io"},
]

_granted(rule) := (rbac.grants(rule, ["bind", "escalate"], _roles) | rbac.grants(rule, ["impersonate"], _identities)) | rbac.grants(rule, ["create", "update", "patch"], array.concat(_roles, _bindings))

deny contains result.new("EKS-RBAC-005", r.doc, rbac.resource_path(r, first[0]), msg) if {
	some r in rbac.rules
	granted := _granted(r.rule)
	count(granted) > 0
	first := sort([[g.resource, g.verb] | some g in granted])[0]
	msg := sprintf(`%s grants %s: a subject bound to it can grant itself more permissions`, [rbac.describe(r), _what(granted)])
}

# "bind clusterroles, escalate clusterroles"; a wildcard rule's long list as verbs on resources.
_what(granted) := rbac.join({sprintf("%s %s", [g.verb, g.resource]) | some g in granted}) if count(granted) <= 4

else := sprintf("%s on %s", [rbac.join({g.verb | some g in granted}), rbac.join({g.resource | some g in granted})])
