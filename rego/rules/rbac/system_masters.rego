# METADATA
# title: No RBAC bindings to the system:masters group
# description: >-
#   `system:masters` bypasses RBAC entirely: a binding to it adds nothing and only signals
#   that the group is being used (and that removing such a binding would not remove access).
# related_resources:
#   - ref: https://avd.aquasec.com/misconfig/ksv0123
#     description: Trivy KSV-0123
# custom:
#   id: EKS-RBAC-013
#   severity: low
#   mode: enforce
#   input: k8s
#   remediation: >-
#     Delete the subject. Grant access through a group of your own, bound to the role it
#     needs, and map people to it with EKS access entries.
#   compliance:
#     cis-eks: ["4.1.7"]
#     eks-bp: ["iam"]
#   tags: [rbac, identity]
package eks.rules.rbac.system_masters

import data.eks.lib.rbac
import data.eks.lib.result

deny contains result.new("EKS-RBAC-013", s.doc, ["subjects", s.index], msg) if {
	some s in rbac.subjects
	not rbac.builtin(s.doc)
	s.subject.kind == "Group"
	s.subject.name == "system:masters"
	msg := sprintf(`%s "%s" binds the group system:masters, which bypasses RBAC: the binding grants nothing and hides who has access`, [s.doc.kind, s.doc.name])
}
