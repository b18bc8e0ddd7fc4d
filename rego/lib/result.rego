# METADATA
# title: Findings
# description: >-
#   How a rule reports a finding: the rule ID, the document (input.documents[_].id), the path
#   of the offending field inside the object, and a message. The gate turns the path into a
#   line; a path to an absent field points at its nearest existing ancestor.
package eks.lib.result

# METADATA
# title: New finding
# description: A finding of rule `rule` on document `doc` at field `path`.
new(rule, doc, path, message) := {"rule": rule, "doc": doc.id, "path": path, "message": message}

# METADATA
# title: Finding with a mode
# description: A finding whose mode (enforce, warn, audit) the rule decides, e.g. from PSA labels.
with_mode(rule, doc, path, message, mode) := {"rule": rule, "doc": doc.id, "path": path, "message": message, "mode": mode}

# METADATA
# title: Show a value
# description: >-
#   A value as a message shows it: a string as it is, anything else as JSON (null, numbers,
#   lists). The Wasm SDK's sprintf fails on a null argument, so messages format values that a
#   document may set to anything with %s and show(x), never %v.
show(x) := x if is_string(x)

else := json.marshal(x)

# METADATA
# title: First document
# description: >-
#   The document with the lowest id in a set or array: one value where several documents
#   match (a function or object rule with two values fails the evaluation).
first(docs) := d if {
	some d in docs
	d.id == min({x.id | some x in docs})
}
