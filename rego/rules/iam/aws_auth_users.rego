package eks.rules.iam.users_not_roles

import data.eks.lib.result

import data.eks.lib.aws_auth

# METADATA
# title: aws-auth mapUsers
# description: >-
#   Kubernetes part of EKS-IAM-006: every item of `mapUsers` in the kube-system/aws-auth
#   ConfigMap maps an IAM user (long-lived keys) to Kubernetes identities. Reported at the
#   item's line inside the block scalar.
deny contains aws_auth.finding("EKS-IAM-006", doc, e, [], msg) if {
	some doc in aws_auth.configmaps
	some e in aws_auth.entries(doc, "mapUsers")
	msg := sprintf(
		`aws-auth mapUsers maps the IAM user "%s" to Kubernetes user "%s": map an IAM role that people assume (mapRoles or, better, an EKS access entry) instead`,
		[result.show(object.get(e.item, "userarn", "")), result.show(object.get(e.item, "username", ""))],
	)
}
