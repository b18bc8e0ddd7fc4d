# METADATA
# title: No bindings for anonymous or unauthenticated users
# description: >-
#   A binding to `system:anonymous` or `system:unauthenticated` grants its role to anyone who
#   can reach the API endpoint, without credentials. Only the built-in
#   `system:public-info-viewer` (version and health endpoints) is expected.
# related_resources:
#   - ref: https://docs.aws.amazon.com/eks/latest/best-practices/identity-and-access-management.html
#     description: EKS Best Practices, Review and revoke unnecessary anonymous access
#   - ref: https://avd.aquasec.com/misconfig/ksv0122
#     description: Trivy KSV-0122
# custom:
#   id: EKS-RBAC-010
#   severity: critical
#   mode: enforce
#   input: k8s
#   remediation: Remove the subject from the binding, or delete the binding.
#   compliance:
#     eks-bp: ["iam"]
#   tags: [rbac, identity]
package eks.rules.rbac.anonymous

import data.eks.lib.rbac
import data.eks.lib.result

_anonymous(subject) if {
	subject.kind == "User"
	subject.name == "system:anonymous"
}

_anonymous(subject) if {
	subject.kind == "Group"
	subject.name == "system:unauthenticated"
}

deny contains result.new("EKS-RBAC-010", s.doc, ["subjects", s.index], msg) if {
	some s in rbac.subjects
	_anonymous(s.subject)
	s.role_ref.name != "system:public-info-viewer"
	msg := sprintf(`%s "%s" grants %s "%s" to %s: anyone who reaches the API endpoint gets it without credentials`, [s.doc.kind, s.doc.name, result.show(object.get(s.role_ref, "kind", "")), result.show(object.get(s.role_ref, "name", "")), s.subject.name])
}
