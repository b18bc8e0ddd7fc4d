# The Kubernetes part of EKS-IR-001 (the package and its metadata are in quarantine.rego).
package eks.rules.ir.quarantine

import data.eks.lib.netpol
import data.eks.rules.net.policy_engine

# METADATA
# title: Quarantine label
# description: The pod label incident responders set to isolate a pod (config network.quarantine-label).
quarantine_label := object.get(input.context, ["network", "quarantine_label"], "quarantine")

# METADATA
# title: No engine to quarantine with (Kubernetes)
# description: >-
#   The Kubernetes objects of the scan show NetworkPolicy enforcement off and no other
#   engine: a compromised pod cannot be isolated with a NetworkPolicy.
deny contains netpol.finding("EKS-IR-001", e.doc, e.path, msg, {}) if {
	policy_engine.status == "disabled"
	some e in policy_engine.engine_evidence
	e.doc.source != "terraform"
	msg := sprintf("pods cannot be quarantined with a NetworkPolicy: %s and no other engine (Calico, Cilium) is in the scan", [e.detail])
}

_excludes_quarantine(p) if {
	some r in netpol.as_list(object.get(p.selector, "matchExpressions", []))
	r.key == quarantine_label
	r.operator == "DoesNotExist"
}

_allows(p) if {
	some dir in ["ingress", "egress"]
	count(netpol.rules_of(p.spec, dir)) > 0
}

# METADATA
# title: Allow-policies that keep quarantined pods reachable
# description: >-
#   NetworkPolicies only add allowances: a deny-all policy for the quarantine label does not
#   cut what an allow-policy already allows. Each allow-policy must exclude quarantined pods
#   (`matchExpressions: [{key: <quarantine label>, operator: DoesNotExist}]`), unless a
#   deny-capable engine (Calico, Cilium) is in the scan.
deny contains netpol.finding("EKS-IR-001", p.doc, ["spec", "podSelector"], msg, {"severity": "low", "mode": "warn"}) if {
	not policy_engine.deny_capable
	some _, p in netpol.policies
	p.valid
	not netpol.exempt(p.ns)
	_allows(p)
	not _excludes_quarantine(p)
	msg := sprintf("NetworkPolicy %s/%s allows traffic without excluding quarantined pods: a pod labelled %s stays reachable through it. Add {key: %s, operator: DoesNotExist} to spec.podSelector.matchExpressions", [p.ns, p.name, quarantine_label, quarantine_label])
}
