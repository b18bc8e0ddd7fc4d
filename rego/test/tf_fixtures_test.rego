# METADATA
# title: Terraform test fixtures
# description: >-
#   Builders for rule tests on Terraform plan resources: documents shaped as the loader makes
#   them (docs/input.md, "Terraform resources").
package eks.test.tf

import data.eks.test.fixtures

_mode(address) := "data" if {
	regex.match(`(^|\.)data\.`, address)
} else := "managed"

_type(address) := parts[count(parts) - 2] if {
	parts := split(regex.replace(address, `\[[^\]]*\]`, ""), ".")
}

# METADATA
# title: Resource
# description: A resource with an address (its type comes from the address) and planned values.
resource(address, values) := {"address": address, "values": values}

# METADATA
# title: Resource with unknowns and references
# description: Like resource, with after_unknown and resolved references.
resource_with(address, values, unknown, references) := {"address": address, "values": values, "unknown": unknown, "references": references}

_doc(i, r, plan) := {
	"id": i, "file": "main.tf", "source": "terraform", "apiVersion": "",
	"kind": _type(r.address), "name": r.address, "namespace": "",
	"object": {
		"plan": plan, "address": r.address, "mode": _mode(r.address), "type": _type(r.address),
		"module": "", "provider": "registry.terraform.io/hashicorp/aws", "actions": ["create"],
		"values": r.values, "unknown": object.get(r, "unknown", {}),
		"sensitive": object.get(r, "sensitive", {}), "references": object.get(r, "references", {}),
	},
}

# METADATA
# title: Input of resources
# description: An input holding these resources of one plan, ids in order, with the default context.
input_of(resources) := {
	"documents": [_doc(i, r, "plan.json") | some i, r in resources],
	"context": fixtures.default_context,
}

# METADATA
# title: Input of resources with a context
# description: Like input_of, with given context overrides merged into the default context.
input_with(resources, context) := {
	"documents": [_doc(i, r, "plan.json") | some i, r in resources],
	"context": object.union(fixtures.default_context, context),
}

# METADATA
# title: Input of several plans
# description: Resources of several plans, a list of lists, one per plan (plan0.json, plan1.json...).
input_of_plans(plans) := {
	"documents": [d |
		some id, x in [{"r": r, "plan": sprintf("plan%d.json", [p])} | some p, resources in plans; some r in resources]
		d := _doc(id, x.r, x.plan)
	],
	"context": fixtures.default_context,
}

# METADATA
# title: Paths of findings
# description: The (address, path) pairs of a set of findings, given the input they came from.
at(findings, inp) := {[d.name, f.path] |
	some f in findings
	some d in inp.documents
	d.id == f.doc
}

# METADATA
# title: Addresses of findings
# description: The addresses the findings are on.
addresses(findings, inp) := {d.name |
	some f in findings
	some d in inp.documents
	d.id == f.doc
}
