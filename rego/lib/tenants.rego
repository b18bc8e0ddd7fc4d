# METADATA
# title: Tenants
# description: >-
#   Which namespaces are tenant namespaces (rules.md §2.4) and the tenant settings the EKS-MT
#   rules read from the configuration (input.context.tenants): a Namespace is a tenant
#   namespace when it carries the tenant label (config tenants.label, default `tenant`, which
#   also accepts `eks.policy/tenant`); with an empty label every non-system namespace is one,
#   named after itself.
package eks.lib.tenants

import data.eks.lib.netpol

_context := object.get(input.context, "tenants", {})

_setting(key, default_) := v if {
	v := _context[key]
	not is_null(v)
} else := default_

# METADATA
# title: Tenant label keys
# description: The Namespace label keys that name a tenant (empty when every namespace is a tenant).
label_keys := set() if _setting("label", "tenant") == ""

else := {"tenant", "eks.policy/tenant"} if _setting("label", "tenant") == "tenant"

else := {_setting("label", "tenant")}

# METADATA
# title: Tenant label key
# description: The configured tenant label key (for messages and paths).
label_key := _setting("label", "tenant")

# METADATA
# title: Tenant of a namespace
# description: >-
#   The tenant a namespace belongs to (its tenant label's value), with the label key; or,
#   with no tenant label configured, the namespace itself for every non-system namespace.
tenant_of(ns) := {"tenant": v, "key": key} if {
	not netpol.exempt(ns)
	count(label_keys) > 0
	labels := netpol.namespace_labels(ns)
	key := min({k | some k in label_keys; _non_empty(labels[k])})
	v := labels[key]
} else := {"tenant": ns, "key": ""} if {
	not netpol.exempt(ns)
	count(label_keys) == 0
}

_non_empty(v) if {
	is_string(v)
	v != ""
}

# METADATA
# title: Tenant namespaces
# description: Every tenant namespace of the scan, mapped to its tenant.
namespaces := {ns: t.tenant | some ns in netpol.namespaces; t := tenant_of(ns)}

# METADATA
# title: Principal patterns
# description: Globs (config tenants.principals) naming tenant users, groups or service accounts.
principal_patterns := [p | some p in netpol.as_list(_setting("principals", [])); is_string(p)]

# METADATA
# title: Priority class allow-list
# description: The PriorityClasses tenants may use (config tenants.priority-classes); empty means any but the system ones.
priority_classes := {p | some p in netpol.as_list(_setting("priority_classes", [])); is_string(p)}

# METADATA
# title: Tenant node label
# description: >-
#   The node label (and taint) key that pins tenant workloads to their nodes (config
#   tenants.node-label); "" when node isolation is off.
node_label := l if {
	l := _setting("node_label", "")
	is_string(l)
} else := ""

# METADATA
# title: Untrusted label
# description: The Namespace label (value "true") that marks untrusted workloads (config tenants.untrusted-label).
untrusted_label := _setting("untrusted_label", "eks.policy/untrusted")

# METADATA
# title: Sandbox runtimes
# description: RuntimeClass names and handlers that sandbox a pod (config tenants.sandbox-runtime-classes).
sandbox_runtimes := {r | some r in netpol.as_list(_setting("sandbox_runtime_classes", ["kata", "kata-qemu", "kata-clh", "kata-fc", "kata-dragonball", "gvisor", "runsc"])); is_string(r)}

# METADATA
# title: Hard tenancy
# description: The configuration says the cluster is dedicated to one tenant (tenants.hard).
hard if _setting("hard", false) == true

# A default, so the rule is computed once: OPA's Wasm target does not memoise undefined rules.
default hard := false
