# METADATA
# title: Tenant workloads are pinned to tenant nodes
# description: >-
#   With node isolation on (config tenants.node-label, e.g. `tenant`), each tenant's pods
#   must run only on that tenant's nodes: they must require the node label
#   `<node-label>=<tenant>` (nodeSelector, or a required node affinity whose every term has
#   `<node-label> In [<tenant>]`) and tolerate the tenant taint `<node-label>=<tenant>`. A
#   toleration of another tenant's taint, of every value of the tenant key (`operator:
#   Exists`), or of every taint (no key) lets them onto other tenants' nodes.
# related_resources:
#   - ref: https://docs.aws.amazon.com/eks/latest/best-practices/tenant-isolation.html
#     description: EKS Best Practices, Multi-tenancy, Isolating tenant workloads to specific nodes
# custom:
#   id: EKS-MT-007
#   severity: medium
#   mode: enforce
#   input: k8s
#   remediation: >-
#     Add `nodeSelector: {<node-label>: <tenant>}` and a toleration `{key: <node-label>,
#     operator: Equal, value: <tenant>, effect: NoSchedule}`; remove wildcard tolerations
#     and tolerations of other tenants.
#   fix:
#     before: |
#       spec:
#         tolerations:
#           - operator: Exists
#     after: |
#       spec:
#         nodeSelector:
#           tenant: team-a
#         tolerations:
#           - key: tenant
#             operator: Equal
#             value: team-a
#             effect: NoSchedule
#   compliance:
#     eks-bp: ["multitenancy"]
#   tags: [multi-tenancy, scheduling]
package eks.rules.mt.node_isolation

import data.eks.lib.netpol
import data.eks.lib.tenants

_key := tenants.node_label

_tenant_workloads contains [w, tenant] if {
	_key != ""
	some _, w in netpol.workloads
	tenant := tenants.namespaces[w.ns]
}

_node_selector_pins(spec, tenant) if spec.nodeSelector[_key] == tenant

_affinity_pins(spec, tenant) if {
	terms := netpol.as_list(spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms)
	count(terms) > 0
	every term in terms {
		some e in netpol.as_list(term.matchExpressions)
		e.key == _key
		e.operator == "In"
		e.values == [tenant]
	}
}

_pinned(spec, tenant) if _node_selector_pins(spec, tenant)

_pinned(spec, tenant) if _affinity_pins(spec, tenant)

_operator(t) := o if {
	o := t.operator
	is_string(o)
} else := "Equal"

_effect_ok(t) if is_null(object.get(t, "effect", null))

_effect_ok(t) if t.effect in {"", "NoSchedule", "NoExecute"}

_tolerates_own(spec, tenant) if {
	some t in netpol.as_list(spec.tolerations)
	t.key == _key
	_operator(t) == "Equal"
	t.value == tenant
	_effect_ok(t)
}

deny contains netpol.finding("EKS-MT-007", w.pod.doc, array.concat(w.pod.spec_path, ["nodeSelector"]), msg, {}) if {
	some [w, tenant] in _tenant_workloads
	not _pinned(w.pod.spec, tenant)
	msg := sprintf("%s of tenant %s is not pinned to its nodes: require node label %s=%s (nodeSelector or required node affinity)", [netpol.describe(w), tenant, _key, tenant])
}

deny contains netpol.finding("EKS-MT-007", w.pod.doc, array.concat(w.pod.spec_path, ["tolerations"]), msg, {}) if {
	some [w, tenant] in _tenant_workloads
	not _tolerates_own(w.pod.spec, tenant)
	msg := sprintf("%s of tenant %s does not tolerate its nodes' taint %s=%s", [netpol.describe(w), tenant, _key, tenant])
}

deny contains netpol.finding("EKS-MT-007", w.pod.doc, array.concat(w.pod.spec_path, ["tolerations", i]), msg, {}) if {
	some [w, tenant] in _tenant_workloads
	some i, t in netpol.as_list(w.pod.spec.tolerations)
	is_object(t)
	why := _foreign(t, tenant)
	msg := sprintf("%s of tenant %s %s, so it can be scheduled on other tenants' nodes", [netpol.describe(w), tenant, why])
}

_foreign(t, tenant) := "tolerates every taint (operator Exists without a key)" if {
	is_string(tenant)
	_operator(t) == "Exists"
	object.get(t, "key", "") == ""
} else := sprintf("tolerates every value of the tenant taint %s (operator Exists)", [_key]) if {
	_operator(t) == "Exists"
	t.key == _key
} else := sprintf("tolerates tenant %s's taint %s=%s", [t.value, _key, t.value]) if {
	t.key == _key
	_operator(t) == "Equal"
	t.value != tenant
}
