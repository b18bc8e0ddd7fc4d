# METADATA
# title: Tenants use only sanctioned priority classes
# description: >-
#   A tenant pod with system-cluster-critical or system-node-critical priority can preempt
#   the cluster's own components; with config tenants.priority-classes set, tenants may use
#   only those classes. A second PriorityClass with globalDefault true makes the default
#   ambiguous (the API server picks the lowest value).
# related_resources:
#   - ref: https://docs.aws.amazon.com/eks/latest/best-practices/tenant-isolation.html
#     description: EKS Best Practices, Multi-tenancy, Pod priority and preemption
#   - ref: https://kubernetes.io/docs/concepts/scheduling-eviction/pod-priority-preemption/
#     description: Kubernetes, Pod Priority and Preemption
# custom:
#   id: EKS-MT-006
#   severity: medium
#   mode: enforce
#   input: k8s
#   remediation: >-
#     Give tenant workloads a PriorityClass made for tenants (listed under
#     tenants.priority-classes), and keep a single globalDefault PriorityClass.
#   fix:
#     before: |
#       spec:
#         priorityClassName: system-cluster-critical
#     after: |
#       spec:
#         priorityClassName: tenant-standard
#   compliance:
#     eks-bp: ["multitenancy"]
#   tags: [multi-tenancy, scheduling]
package eks.rules.mt.priority_class

import data.eks.lib.k8s
import data.eks.lib.netpol
import data.eks.lib.tenants

_system := {"system-cluster-critical", "system-node-critical"}

deny contains netpol.finding("EKS-MT-006", w.pod.doc, array.concat(w.pod.spec_path, ["priorityClassName"]), msg, {}) if {
	some _, w in netpol.workloads
	tenant := tenants.namespaces[w.ns]
	pc := w.pod.spec.priorityClassName
	is_string(pc)
	why := _why(pc)
	msg := sprintf("%s of tenant %s uses PriorityClass %s: %s", [netpol.describe(w), tenant, pc, why])
}

_why(pc) := "a system priority that can preempt the cluster's own components" if pc in _system

else := sprintf("not on the tenants' allow-list (%s)", [concat(", ", sort([p | some p in tenants.priority_classes]))]) if {
	count(tenants.priority_classes) > 0
	not tenants.priority_classes[pc]
}

_global_defaults := [doc |
	some doc in k8s.of_kind("PriorityClass")
	doc.source != "terraform"
	k8s.group(doc.apiVersion) == "scheduling.k8s.io"
	doc.object.globalDefault == true
]

deny contains netpol.finding("EKS-MT-006", doc, ["globalDefault"], msg, {}) if {
	count(_global_defaults) > 1
	some i, doc in _global_defaults
	i > 0
	msg := sprintf("PriorityClass %s is a second globalDefault (with %s): keep one default priority", [doc.name, _global_defaults[0].name])
}
