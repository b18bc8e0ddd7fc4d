package eks.rules.iam.role_per_app

import data.eks.lib.result

_k8s_annotation := "eks.amazonaws.com/role-arn"

_k8s_role(doc) := arn if {
	doc.kind == "ServiceAccount"
	arn := doc.object.metadata.annotations[_k8s_annotation]
	is_string(arn)
	arn != ""
}

# METADATA
# title: ServiceAccounts by IRSA role
# description: >-
#   Kubernetes part of EKS-IAM-012: the (namespace/name) pairs of the ServiceAccounts whose
#   `eks.amazonaws.com/role-arn` annotation names each role ARN.
k8s_role_bindings[arn] contains concat("/", [doc.namespace, doc.name]) if {
	some doc in input.documents
	arn := _k8s_role(doc)
}

_k8s_shared(arn) if {
	some pattern in object.get(input.context, ["service_accounts", "shared_roles"], [])
	is_string(pattern)
	glob.match(pattern, null, arn)
}

# METADATA
# title: Role shared by ServiceAccounts
# description: >-
#   Kubernetes part of EKS-IAM-012, on each ServiceAccount whose IRSA role is also annotated
#   on another ServiceAccount, unless the role is listed under `service-accounts.shared-roles`.
deny contains result.new("EKS-IAM-012", doc, ["metadata", "annotations", _k8s_annotation], msg) if {
	some doc in input.documents
	arn := _k8s_role(doc)
	not _k8s_shared(arn)
	pairs := k8s_role_bindings[arn]
	count(pairs) > 1
	me := concat("/", [doc.namespace, doc.name])
	others := sort([p | some p in pairs; p != me])
	msg := sprintf(`ServiceAccount "%s" uses IAM role %s, which ServiceAccount %s also use: give each application its own role`, [me, arn, concat(", ", others)])
}
