# METADATA
# title: Each tenant namespace has a ResourceQuota
# description: >-
#   A tenant namespace without a ResourceQuota lets one tenant starve the others of CPU and
#   memory. Its quotas together must cap at least requests.cpu, requests.memory and
#   limits.memory (`cpu` and `memory` count as the requests). Tenant namespaces are those
#   with the tenant label (config tenants.label); where the scan is not authoritative for a
#   namespace, a missing quota is info ("not evaluable").
# related_resources:
#   - ref: https://docs.aws.amazon.com/eks/latest/best-practices/tenant-isolation.html
#     description: EKS Best Practices, Multi-tenancy, Quotas
#   - ref: https://kubernetes.io/docs/concepts/policy/resource-quotas/
#     description: Kubernetes, Resource Quotas
# custom:
#   id: EKS-MT-001
#   severity: medium
#   mode: enforce
#   input: k8s
#   remediation: >-
#     Add a ResourceQuota to the tenant namespace with spec.hard requests.cpu,
#     requests.memory and limits.memory (and pods, if you cap their number).
#   fix:
#     before: |
#       # no ResourceQuota in namespace team-a
#     after: |
#       apiVersion: v1
#       kind: ResourceQuota
#       metadata:
#         name: compute
#         namespace: team-a
#       spec:
#         hard:
#           requests.cpu: "10"
#           requests.memory: 20Gi
#           limits.memory: 40Gi
#   compliance:
#     eks-bp: ["multitenancy", "pods"]
#   tags: [multi-tenancy, quotas]
package eks.rules.mt.resource_quota

import data.eks.lib.k8s
import data.eks.lib.netpol
import data.eks.lib.result
import data.eks.lib.tenants

_quotas[doc.namespace] contains doc if {
	some doc in k8s.of_kind("ResourceQuota")
	doc.source != "terraform"
	k8s.group(doc.apiVersion) == ""
}

# Each required key and the keys that satisfy it.
_required := {
	"requests.cpu": {"requests.cpu", "cpu"},
	"requests.memory": {"requests.memory", "memory"},
	"limits.memory": {"limits.memory"},
}

deny contains netpol.namespace_finding("EKS-MT-001", ns, msg) if {
	some ns, tenant in tenants.namespaces
	not _quotas[ns]
	msg := sprintf("tenant namespace %s (tenant %s) has no ResourceQuota: its workloads can take every node's CPU and memory", [ns, tenant])
}

deny contains netpol.finding("EKS-MT-001", doc, ["spec", "hard"], msg, {}) if {
	some ns, _ in tenants.namespaces
	quotas := _quotas[ns]
	capped := {k | some q in quotas; some k, _ in object.get(q.object, ["spec", "hard"], {})}
	missing := sort([k | some k, keys in _required; count(keys & capped) == 0])
	count(missing) > 0
	doc := result.first(quotas)
	msg := sprintf("the ResourceQuotas of tenant namespace %s do not cap %s", [ns, concat(", ", missing)])
}
