# METADATA
# title: No write access to the aws-auth ConfigMap
# description: >-
#   `kube-system/aws-auth` maps IAM principals to Kubernetes groups: whoever can write it can
#   map their own IAM role to `system:masters`. Flagged: create, update, patch, delete or
#   deletecollection on configmaps in a ClusterRole or in a Role of kube-system, when
#   `resourceNames` names aws-auth or is empty (an empty list covers aws-auth too, which Trivy
#   KSV-0115 misses).
# related_resources:
#   - ref: https://avd.aquasec.com/misconfig/ksv0115
#     description: Trivy KSV-0115
#   - ref: https://docs.aws.amazon.com/eks/latest/best-practices/identity-and-access-management.html
#     description: EKS Best Practices, the aws-auth ConfigMap
# custom:
#   id: EKS-RBAC-011
#   severity: critical
#   mode: enforce
#   input: k8s
#   remediation: >-
#     Restrict configmap write access to a namespaced Role outside kube-system, or to named
#     ConfigMaps other than aws-auth. Move cluster access to EKS access entries
#     (authentication mode API) and retire aws-auth.
#   compliance:
#     eks-bp: ["iam", "detective"]
#   tags: [rbac, identity]
package eks.rules.rbac.aws_auth_write

import data.eks.lib.rbac
import data.eks.lib.result

_in_scope(doc) if doc.kind == "ClusterRole"

_in_scope(doc) if {
	doc.kind == "Role"
	doc.namespace == "kube-system"
}

_covers_aws_auth(rule) if not is_array(object.get(rule, "resourceNames", null))

_covers_aws_auth(rule) if count(rule.resourceNames) == 0

_covers_aws_auth(rule) if "aws-auth" in rule.resourceNames

deny contains result.new("EKS-RBAC-011", r.doc, rbac.resource_path(r, "configmaps"), msg) if {
	some r in rbac.rules
	_in_scope(r.doc)
	granted := rbac.grants(r.rule, ["create", "update", "patch", "delete", "deletecollection"], [{"resource": "configmaps", "group": ""}])
	count(granted) > 0
	_covers_aws_auth(r.rule)
	msg := sprintf(`%s grants %s on configmaps, which covers kube-system/aws-auth: it can map any IAM principal to system:masters`, [rbac.describe(r), rbac.join({g.verb | some g in granted})])
}
