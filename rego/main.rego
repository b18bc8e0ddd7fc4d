# METADATA
# title: Entrypoint
# description: >-
#   Collects the findings of every rule package under data.eks.rules.<area>.<rule>.
#   Each package defines `deny`, a set of findings built with data.eks.lib.result.
# entrypoint: true
package eks.main

# METADATA
# title: All findings
# description: Every finding of every built-in rule, for the whole input.
findings contains f if {
	some area, rule
	some f in data.eks.rules[area][rule].deny
}
