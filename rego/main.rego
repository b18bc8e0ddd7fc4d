# METADATA
# title: Queries over every rule
# description: >-
#   `findings` collects the findings of every rule package under data.eks.rules.<area>.<rule>
#   (each defines `deny`, a set of findings built with data.eks.lib.result), for `opa eval`.
#   The gate itself evaluates each package through the entrypoints scripts/build.mjs generates
#   (package eks.entry), and `coverage` through eks/entry/coverage.
package eks.main

# METADATA
# title: All findings
# description: Every finding of every built-in rule, for the whole input.
findings contains f if {
	some area, rule
	some f in data.eks.rules[area][rule].deny
}

# METADATA
# title: NetworkPolicy coverage
# description: >-
#   The coverage report of rules.md §6.7: per workload (pod carrier) its ingress and egress
#   isolation and the policies that select it, per namespace its policies and default-denies,
#   and what the scan says about the engine that enforces NetworkPolicy.
coverage := {
	"workloads": [c | some _, c in data.eks.lib.netpol.workload_coverage],
	"namespaces": [n | some _, n in data.eks.lib.netpol.namespace_coverage],
	"engine": {
		"status": data.eks.rules.net.policy_engine.status,
		"evidence": [{"engine": e.engine, "enabled": e.enabled, "detail": e.detail, "doc": e.doc.id, "path": e.path} |
			some e in data.eks.rules.net.policy_engine.engine_evidence
		],
	},
}
