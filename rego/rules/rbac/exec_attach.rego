# METADATA
# title: Minimise exec and attach into pods
# description: >-
#   `pods/exec` and `pods/attach` run commands inside running containers: their files,
#   mounted Secrets and ServiceAccount token. (`get` is listed because WebSocket clients
#   open exec with GET.) Unless the role is listed under `rbac.exec-roles`.
# related_resources:
#   - ref: https://avd.aquasec.com/misconfig/ksv0053
#     description: Trivy KSV-0053, KSV-0054
# custom:
#   id: EKS-RBAC-012
#   severity: medium
#   mode: enforce
#   input: k8s
#   remediation: >-
#     Remove `pods/exec` and `pods/attach`; debug with ephemeral containers behind a
#     break-glass role, and list deliberate exceptions under `rbac.exec-roles`.
#   compliance:
#     eks-bp: ["iam", "incidents"]
#   tags: [rbac, identity]
package eks.rules.rbac.exec_attach

import data.eks.lib.rbac
import data.eks.lib.result

_subresources := [{"resource": "pods/exec", "group": ""}, {"resource": "pods/attach", "group": ""}]

deny contains result.new("EKS-RBAC-012", r.doc, rbac.resource_path(r, first), msg) if {
	some r in rbac.rules
	granted := rbac.grants(r.rule, ["create", "get"], _subresources)
	count(granted) > 0
	not rbac.allowed(rbac.ref(r.doc), object.get(input.context, ["rbac", "exec_roles"], []))
	first := sort([g.resource | some g in granted])[0]
	msg := sprintf(
		`%s grants %s on %s: it runs commands inside running containers`,
		[rbac.describe(r), rbac.join({g.verb | some g in granted}), rbac.join({g.resource | some g in granted})],
	)
}
