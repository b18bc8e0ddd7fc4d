# The Kubernetes part of EKS-MT-009 (the package and its metadata are in hard_tenancy.rego).
package eks.rules.mt.hard_tenancy

import data.eks.lib.netpol
import data.eks.lib.tenants

_k8s_tenants := {t.tenant |
	some ns in netpol.namespaces
	netpol.namespace_in_scan(ns)
	t := tenants.tenant_of(ns)
	t.key != ""
}

# METADATA
# title: Several tenants on a hard-tenancy cluster
# description: With tenants.hard, the Namespaces of the scan carry more than one tenant value.
deny contains netpol.finding("EKS-MT-009", doc, ["metadata", "labels", t.key], msg, {}) if {
	tenants.hard
	count(_k8s_tenants) > 1
	some ns in netpol.namespaces
	netpol.namespace_in_scan(ns)
	t := tenants.tenant_of(ns)
	t.key != ""
	doc := netpol.namespace_anchor(ns).doc
	msg := sprintf("Namespace %s belongs to tenant %s, but the cluster is configured for hard multi-tenancy (tenants.hard) and the scan has tenants %s: one tenant per cluster", [ns, t.tenant, concat(", ", sort([x | some x in _k8s_tenants]))])
}
