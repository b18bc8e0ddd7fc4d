# METADATA
# title: No wildcards in Roles or ClusterRoles
# description: >-
#   A `*` in verbs, resources or apiGroups grants everything that exists now and everything
#   added later (new CRDs, new subresources such as `pods/exec` or `nodes/proxy`). One finding
#   per rule that has `*` in any of them; critical when both verbs and resources are `*`.
#   Built-in roles (`system:` names, `rbac-defaults` label) are left alone; aggregated
#   ClusterRoles are judged by the rules they collect.
# related_resources:
#   - ref: https://docs.aws.amazon.com/eks/latest/best-practices/identity-and-access-management.html
#     description: EKS Best Practices, Employ least privileged access when creating RoleBindings and ClusterRoleBindings
#   - ref: https://avd.aquasec.com/misconfig/ksv0044
#     description: Trivy KSV-0044/0045/0046
# custom:
#   id: EKS-RBAC-002
#   severity: high
#   mode: enforce
#   input: k8s
#   remediation: >-
#     List the verbs, resources and API groups the workload needs explicitly.
#   fix:
#     before: |
#       rules:
#         - apiGroups: ["*"]
#           resources: ["*"]
#           verbs: ["*"]
#     after: |
#       rules:
#         - apiGroups: ["apps"]
#           resources: ["deployments"]
#           verbs: ["get", "list", "watch"]
#   compliance:
#     cis-eks: ["4.1.3"]
#     eks-bp: ["iam"]
#   tags: [rbac, identity]
package eks.rules.rbac.wildcards

import data.eks.lib.rbac

_fields := ["verbs", "resources", "apiGroups"]

_wild(rule) := [f | some f in _fields; is_array(rule[f]); "*" in rule[f]]

_severity(wild) := "critical" if {
	"verbs" in wild
	"resources" in wild
} else := "high"

deny contains f if {
	some r in rbac.rules
	wild := _wild(r.rule)
	count(wild) > 0
	path := _path(r, wild[0])
	msg := sprintf(`%s uses "*" in %s: it grants everything that exists, and everything added later`, [rbac.describe(r), concat(", ", wild)])
	f := {"rule": "EKS-RBAC-002", "doc": r.doc.id, "path": path, "message": msg, "severity": _severity(wild)}
}

_path(r, field) := array.concat(r.path, [field, min(found)]) if {
	r.via == ""
	found := {i | some i, x in r.rule[field]; x == "*"} # the first "*": a list may repeat it
	count(found) > 0
} else := r.path
