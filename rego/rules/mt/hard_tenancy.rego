# METADATA
# title: Hard multi-tenancy, one tenant per cluster
# description: >-
#   A cluster dedicated to one tenant (hard multi-tenancy: its aws_eks_cluster tagged
#   tenancy = "hard", or tenants.hard in the configuration) must host only that tenant.
#   Terraform part: a Namespace whose tenant label differs from the cluster's `tenant` tag.
# related_resources:
#   - ref: https://docs.aws.amazon.com/eks/latest/best-practices/tenant-isolation.html
#     description: EKS Best Practices, Hard multi-tenancy
# custom:
#   id: EKS-MT-009
#   severity: high
#   mode: enforce
#   input: tf
#   remediation: Move the other tenant's namespaces to their own cluster, or fix the tenant label or tag.
#   compliance:
#     eks-bp: ["multitenancy"]
#   tags: [multi-tenancy]
package eks.rules.mt.hard_tenancy

import data.eks.lib.k8s
import data.eks.lib.result
import data.eks.lib.tf

_label := object.get(input.context, ["tenants", "label"], "tenant")

_hard(c) if tf.tag(c, "tenancy") == "hard"

_hard(_) if input.context.tenants.hard == true

deny contains result.new("EKS-MT-009", ns, ["metadata", "labels", _label], msg) if {
	some c in tf.clusters
	_hard(c)
	tenant := tf.tag(c, "tenant")
	tenant != ""
	some ns in k8s.of_kind("Namespace")
	ns.apiVersion == "v1"
	v := object.get(ns.object, ["metadata", "labels", _label], null)
	is_string(v)
	v != tenant
	msg := sprintf("Namespace %s belongs to tenant %s, but cluster %s is dedicated to tenant %s (hard multi-tenancy). Run it on its own cluster.", [ns.name, v, c.name, tenant])
}
