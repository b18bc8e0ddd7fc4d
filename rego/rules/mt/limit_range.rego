# METADATA
# title: Each tenant namespace has a LimitRange
# description: >-
#   A LimitRange gives containers that set no requests or limits a default (spec.limits[]
#   of type Container with default and defaultRequest), so a quota cannot be dodged and
#   pods are not rejected by it. Tenant namespaces are those with the tenant label; where
#   the scan is not authoritative for a namespace, a missing LimitRange is info.
# related_resources:
#   - ref: https://docs.aws.amazon.com/eks/latest/best-practices/tenant-isolation.html
#     description: EKS Best Practices, Multi-tenancy, Quotas
#   - ref: https://kubernetes.io/docs/concepts/policy/limit-range/
#     description: Kubernetes, Limit Ranges
# custom:
#   id: EKS-MT-002
#   severity: low
#   mode: enforce
#   input: k8s
#   remediation: >-
#     Add a LimitRange with a `type: Container` entry setting `default` and `defaultRequest`
#     (and `max` if tenants must not exceed a size).
#   fix:
#     before: |
#       # no LimitRange in namespace team-a
#     after: |
#       apiVersion: v1
#       kind: LimitRange
#       metadata:
#         name: defaults
#         namespace: team-a
#       spec:
#         limits:
#           - type: Container
#             default: { cpu: 500m, memory: 512Mi }
#             defaultRequest: { cpu: 100m, memory: 128Mi }
#   compliance:
#     eks-bp: ["multitenancy"]
#   tags: [multi-tenancy, quotas]
package eks.rules.mt.limit_range

import data.eks.lib.k8s
import data.eks.lib.netpol
import data.eks.lib.tenants

_ranges[doc.namespace] contains doc if {
	some doc in k8s.of_kind("LimitRange")
	doc.source != "terraform"
	k8s.group(doc.apiVersion) == ""
}

_container_defaults(doc) if {
	some l in netpol.as_list(object.get(doc.object, ["spec", "limits"], []))
	l.type == "Container"
	is_object(l.default)
	is_object(l.defaultRequest)
}

deny contains netpol.namespace_finding("EKS-MT-002", ns, msg) if {
	some ns, tenant in tenants.namespaces
	not _ranges[ns]
	msg := sprintf("tenant namespace %s (tenant %s) has no LimitRange: containers without requests or limits get no defaults", [ns, tenant])
}

deny contains netpol.finding("EKS-MT-002", doc, ["spec", "limits"], msg, {}) if {
	some ns, _ in tenants.namespaces
	ranges := _ranges[ns]
	count({d | some d in ranges; _container_defaults(d)}) == 0
	some doc in ranges
	doc.id == min({d.id | some d in ranges})
	msg := sprintf("the LimitRanges of tenant namespace %s set no container defaults: add a `type: Container` entry with default and defaultRequest", [ns])
}
