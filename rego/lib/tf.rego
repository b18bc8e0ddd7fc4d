# METADATA
# title: Terraform helpers
# description: >-
#   Terraform plan resources (docs/input.md, "Terraform resources"): lookup by type and
#   address, references resolved through the plan's configuration, unknown values (known
#   only after apply; unknown is not absent), and IAM policy normalisation (string-or-array
#   Action/Resource/Principal, JSON-string attributes, aws_iam_policy_document blocks).
#   Indexes are built once per evaluation; nothing here joins documents pairwise.
#   Values of the wrong type are skipped, never an error.
package eks.lib.tf

import data.eks.lib.result

# METADATA
# title: Is a Terraform resource
# description: A document that is a resource of a plan (not a Kubernetes object a kubernetes_* resource manages).
is_resource(doc) if {
	doc.source == "terraform"
	doc.apiVersion == ""
	is_object(doc.object.values)
}

# METADATA
# title: Resource ids (computed)
# description: >-
#   The ids of the documents that are plan resources, in order. Computed from the scan; the
#   helpers below read it through the shared value the engine computes once per scan
#   (lib/shared.rego), when there is one, so a scan without plans costs them nothing.
computed_resource_ids := [doc.id | some doc in input.documents; is_resource(doc)]

# METADATA
# title: Resources
# description: Every plan resource (managed resources and data sources) of the scan.
resources := [input.documents[id] | some id in ids] if {
	ids := input.shared.tf_resource_ids
} else := [input.documents[id] | some id in computed_resource_ids]

# METADATA
# title: Resources by type
# description: Managed resources and data sources of every plan, keyed by type.
by_type[t] contains doc if {
	some doc in resources
	t := doc.kind
}

# The indexes below are complete rules holding a partial rule's whole extent: each is built
# once per evaluation, in one pass, and looked up by key (a partial rule referenced with a
# bound key would re-run its body on every lookup).
_types := by_type

_managed := {t: {doc | some doc in docs; doc.object.mode == "managed"} | some t, docs in _types}

_data := {t: {doc | some doc in docs; doc.object.mode == "data"} | some t, docs in _types}

# METADATA
# title: Managed resources of a type
# description: The managed resources (not data sources) of a type.
managed(t) := object.get(_managed, t, set())

# METADATA
# title: Data sources of a type
# description: The data sources of a type.
data_sources(t) := object.get(_data, t, set())

# METADATA
# title: Resources by address
# description: Keyed by plan file, then resource address.
by_address[plan][address] := doc if {
	some doc in resources
	plan := doc.object.plan
	address := doc.name
}

_addresses := by_address

# METADATA
# title: Resource at an address
# description: The resource at an address of a plan (undefined when the plan has none).
at_address(plan, address) := _addresses[plan][address]

# METADATA
# title: Value at a path
# description: The planned value at an attribute path, or null when absent or unknown.
get(doc, path) := object.get(doc.object.values, path, null)

# METADATA
# title: Unknown at plan time
# description: >-
#   True when the value at the path (or a block containing it) is known only after apply
#   (after_unknown). Unknown is not absent: an unknown value was set in the configuration.
unknown(doc, path) if {
	count(path) > 0
	some n in numbers.range(1, count(path))
	object.get(doc.object, array.concat(["unknown"], array.slice(path, 0, n)), false) == true
}

# METADATA
# title: Absent
# description: Neither set (null or missing) nor unknown.
absent(doc, path) if {
	get(doc, path) == null
	not unknown(doc, path)
}

# METADATA
# title: First block
# description: The first element of a nested block list (blocks are arrays in plan JSON), or {}.
block(doc, name) := b if {
	blocks := get(doc, [name])
	is_array(blocks)
	count(blocks) > 0
	b := blocks[0]
	is_object(b)
} else := {}

# METADATA
# title: Attribute of the first block
# description: object.get of an attribute in the first element of a nested block list, null when absent.
attr(doc, name, key) := object.get(block(doc, name), key, null)

# METADATA
# title: True or "true"
# description: Booleans some attributes hold as strings (aws_launch_template) compare either way.
is_true(v) if v == true

is_true(v) if v == "true"

# METADATA
# title: False or "false"
# description: The counterpart of is_true.
is_false(v) if v == false

is_false(v) if v == "false"

# METADATA
# title: Referenced resources
# description: >-
#   The resources an attribute of doc references (expressions.<attr>.references, resolved
#   through modules by the loader), e.g. refs(group, "node_role_arn"). `attr` is the dotted
#   attribute path with block indexes, e.g. "launch_template.0.id".
refs(doc, attr) := {d |
	some a in object.get(doc.object, ["references", attr], [])
	d := _addresses[doc.object.plan][a]
}

# METADATA
# title: Referenced resources under a block
# description: The resources referenced by any attribute of a nested block, e.g. refs_under(group, "launch_template").
refs_under(doc, prefix) := {d |
	some attr, addresses in object.get(doc.object, ["references"], {})
	_under(attr, prefix)
	some a in addresses
	d := _addresses[doc.object.plan][a]
}

_under(attr, prefix) if attr == prefix

_under(attr, prefix) if startswith(attr, concat("", [prefix, "."]))

# METADATA
# title: All referenced resources
# description: Every resource doc references, from any attribute.
all_refs(doc) := {d |
	some _, addresses in object.get(doc.object, ["references"], {})
	some a in addresses
	d := _addresses[doc.object.plan][a]
}

# METADATA
# title: Referenced by
# description: >-
#   Index of reverse references: referrers[plan][address] holds every resource of that plan
#   whose configuration references the address.
referrers[plan][address] contains doc if {
	some doc in resources
	plan := doc.object.plan
	some _, addresses in object.get(doc.object, ["references"], {})
	some address in addresses
}

# METADATA
# title: Resources referring to doc
# description: The resources (of a type) whose configuration references doc.
_referrers := referrers

referring(doc, t) := {d |
	some d in object.get(_referrers, [doc.object.plan, doc.name], set())
	d.kind == t
}

# METADATA
# title: String list
# description: A value as an array of strings (a string becomes a one-element list; other types are dropped).
strings(v) := [v] if is_string(v)

else := [x | some x in v; is_string(x)] if is_array(v)

else := []

# METADATA
# title: Parsed JSON attribute
# description: The value of a JSON-string attribute (policy, assume_role_policy, event_pattern...), undefined when it is not valid JSON.
json_value(s) := json.unmarshal(s) if {
	is_string(s)
	json.is_valid(s)
}

_principals(p) := {"*": ["*"]} if p == "*"

else := {k: strings(v) | some k, v in p} if is_object(p)

else := {}

_conditions(c) := {op: {k: strings(v) | some k, v in kv; is_string(k)} | some op, kv in c; is_object(kv)} if is_object(c)

else := {}

_statement_list(s) := s if is_array(s)

else := [s] if is_object(s)

else := []

# METADATA
# title: IAM statements of a JSON policy
# description: >-
#   The statements of a JSON policy document, normalised: effect, actions, not_actions,
#   resources, not_resources and principals (type -> list) as arrays, conditions as
#   {operator: {key: [values]}}, and the statement's index.
policy_statements(policy) := [s |
	doc := json_value(policy)
	is_object(doc)
	some i, st in _statement_list(object.get(doc, "Statement", []))
	is_object(st)
	s := {
		"index": i,
		"effect": object.get(st, "Effect", "Allow"),
		"actions": strings(object.get(st, "Action", [])),
		"not_actions": strings(object.get(st, "NotAction", [])),
		"resources": strings(object.get(st, "Resource", [])),
		"not_resources": strings(object.get(st, "NotResource", [])),
		"principals": _principals(object.get(st, "Principal", {})),
		"conditions": _conditions(object.get(st, "Condition", {})),
	}
]

_block_principals(blocks) := {t: ids |
	some b in blocks
	is_object(b)
	t := b.type
	is_string(t)
	ids := [id | some b2 in blocks; is_object(b2); b2.type == t; some id in strings(object.get(b2, "identifiers", []))]
}

_block_conditions(blocks) := {op: {k: vals |
	some b2 in blocks
	is_object(b2)
	b2.test == op
	k := b2.variable
	is_string(k)
	vals := [v | some b3 in blocks; is_object(b3); b3.test == op; b3.variable == k; some v in strings(object.get(b3, "values", []))]
} |
	some b in blocks
	is_object(b)
	op := b.test
	is_string(op)
}

_blocks(v) := v if is_array(v)

else := []

# METADATA
# title: IAM statements of an aws_iam_policy_document
# description: The statement blocks of a data.aws_iam_policy_document, normalised like policy_statements.
document_statements(doc) := [s |
	some i, st in _blocks(get(doc, ["statement"]))
	is_object(st)
	effect := object.get(st, "effect", "Allow")
	s := {
		"index": i,
		"effect": _effect(effect),
		"actions": strings(object.get(st, "actions", [])),
		"not_actions": strings(object.get(st, "not_actions", [])),
		"resources": strings(object.get(st, "resources", [])),
		"not_resources": strings(object.get(st, "not_resources", [])),
		"principals": _block_principals(_blocks(object.get(st, "principals", []))),
		"conditions": _block_conditions(_blocks(object.get(st, "condition", []))),
	}
]

_effect(e) := e if {
	is_string(e)
	e != ""
} else := "Allow"

# Attributes that hold an IAM policy document as a JSON string, by resource type.
_policy_attributes := {
	"aws_iam_policy": ["policy"],
	"aws_iam_role_policy": ["policy"],
	"aws_iam_user_policy": ["policy"],
	"aws_iam_group_policy": ["policy"],
	"aws_iam_role": ["assume_role_policy"],
}

_from_document(doc, attr) if {
	some d in refs(doc, attr)
	d.kind == "aws_iam_policy_document"
}

# METADATA
# title: IAM policies
# description: >-
#   Every identity policy in the plans, as {doc, path, statements, kind}: the JSON policy
#   attributes of aws_iam_policy / _role_policy / _user_policy / _group_policy, the inline
#   policies of aws_iam_role, and the statement blocks of data.aws_iam_policy_document. A JSON
#   attribute built from an aws_iam_policy_document of the plan is left to that document (its
#   statements are where the policy is written), so nothing is reported twice.
identity_policies contains p if {
	some t in ["aws_iam_policy", "aws_iam_role_policy", "aws_iam_user_policy", "aws_iam_group_policy"]
	some doc in managed(t)
	not _from_document(doc, "policy")
	p := {"doc": doc, "path": ["values", "policy"], "statements": policy_statements(get(doc, ["policy"])), "kind": "json"}
}

identity_policies contains p if {
	some doc in managed("aws_iam_role")
	some i, ip in _blocks(get(doc, ["inline_policy"]))
	is_object(ip)
	not _from_document(doc, sprintf("inline_policy.%d.policy", [i]))
	p := {"doc": doc, "path": ["values", "inline_policy", i, "policy"], "statements": policy_statements(object.get(ip, "policy", null)), "kind": "json"}
}

identity_policies contains p if {
	some doc in data_sources("aws_iam_policy_document")
	p := {"doc": doc, "path": ["values", "statement"], "statements": document_statements(doc), "kind": "document"}
}

# METADATA
# title: Statement path
# description: The path of one statement of a policy (the statement block, or the JSON attribute).
statement_path(p, s) := array.concat(p.path, [s.index]) if p.kind == "document"

else := p.path

# METADATA
# title: Trust statements of a role
# description: >-
#   The statements of an aws_iam_role's assume_role_policy, or, when that is built from a
#   data.aws_iam_policy_document of the plan, of that document; each with the doc and path to
#   report on.
trust_statements(role) := [{"statement": s, "doc": role, "path": ["values", "assume_role_policy"]} |
	some s in policy_statements(get(role, ["assume_role_policy"]))
] if {
	not _from_document(role, "assume_role_policy")
} else := [{"statement": s, "doc": d, "path": ["values", "statement", s.index]} |
	some d in refs(role, "assume_role_policy")
	d.kind == "aws_iam_policy_document"
	some s in document_statements(d)
]

# METADATA
# title: Allows
# description: The statement's effect is Allow.
allows(s) if s.effect == "Allow"

# METADATA
# title: Role of an ARN or name
# description: >-
#   The aws_iam_role resources of doc's plan that a role attribute designates: by reference
#   (the usual case: the ARN is unknown until apply), or by a known name or ARN.
roles_of(doc, attr) := {r | some r in refs(doc, attr); r.kind == "aws_iam_role"} | {r |
	v := get(doc, [attr])
	is_string(v)
	v != ""
	some key in _role_keys(v)
	some r in object.get(_roles, [doc.object.plan, key], set())
}

# The names a role value can be looked up by: itself (a name or ARN) and, for an ARN, the
# role name after its path (arn:aws:iam::1:role/path/name -> name).
_role_keys(v) := {v} | {name |
	contains(v, ":role/")
	parts := split(v, "/")
	name := parts[count(parts) - 1]
}

# Roles of each plan by name and by known ARN, built once.
_role_index[plan][key] contains r if {
	some r in managed("aws_iam_role")
	plan := r.object.plan
	some key in [get(r, ["name"]), get(r, ["arn"])]
	is_string(key)
}

_roles := _role_index

# METADATA
# title: Policy attachments of a role
# description: The aws_iam_role_policy_attachment resources (and the managed_policy_arns of the role itself) naming a role, as {doc, path, arn}.
role_attachments(role) := ({a |
	some att in referring(role, "aws_iam_role_policy_attachment")
	a := {"doc": att, "path": ["values", "policy_arn"], "arn": get(att, ["policy_arn"])}
} | {a |
	some key in [get(role, ["name"]), get(role, ["arn"])]
	is_string(key)
	some att in object.get(_attachments, [role.object.plan, key], set())
	a := {"doc": att, "path": ["values", "policy_arn"], "arn": get(att, ["policy_arn"])}
}) | {a |
	some i, arn in _blocks(get(role, ["managed_policy_arns"]))
	a := {"doc": role, "path": ["values", "managed_policy_arns", i], "arn": arn}
}

# Policy attachments of each plan by the role value they name (a role name, or an ARN reduced
# to its name), built once.
_attachment_index[plan][key] contains att if {
	some att in managed("aws_iam_role_policy_attachment")
	plan := att.object.plan
	v := get(att, ["role"])
	is_string(v)
	some key in _role_keys(v)
}

_attachments := _attachment_index

# METADATA
# title: Node roles
# description: >-
#   The IAM roles of the managed node groups of the plans, as {group, role}; a node group
#   whose role is not in the plan (an existing role, by ARN) has none.
node_roles contains {"group": g, "role": r} if {
	some g in managed("aws_eks_node_group")
	some r in roles_of(g, "node_role_arn")
}

# METADATA
# title: Launch templates of a node group
# description: The aws_launch_template resources a node group uses, by reference or by a known id or name.
launch_templates(group) := {lt | some lt in refs_under(group, "launch_template"); lt.kind == "aws_launch_template"} | {lt |
	spec := block(group, "launch_template")
	some key in ["id", "name"]
	v := object.get(spec, key, null)
	is_string(v)
	v != ""
	some lt in object.get(_templates, [group.object.plan, key, v], set())
}

# Launch templates of each plan by known id and name, built once.
_template_index[plan][key][v] contains lt if {
	some lt in managed("aws_launch_template")
	plan := lt.object.plan
	some key in ["id", "name"]
	v := get(lt, [key])
	is_string(v)
}

_templates := _template_index

# METADATA
# title: EKS clusters
# description: The managed aws_eks_cluster resources.
clusters := managed("aws_eks_cluster")

# METADATA
# title: Display a value
# description: A value for a message, or "(sensitive)" when Terraform marks it sensitive (such values are also scrubbed from every message by the gate).
display(doc, path, v) := "(sensitive)" if {
	count(path) > 0
	some n in numbers.range(1, count(path))
	object.get(doc.object, array.concat(["sensitive"], array.slice(path, 0, n)), false) == true
} else := result.show(v)

# METADATA
# title: Finding with overrides
# description: >-
#   A finding (data.eks.lib.result.new) with per-finding overrides of the rule's metadata,
#   e.g. {"severity": "low"} or {"mode": "warn"} for the WARN cases of rules.md.
finding(rule, doc, path, message, overrides) := object.union(
	{"rule": rule, "doc": doc.id, "path": path, "message": message},
	overrides,
)

# METADATA
# title: Break-glass principal
# description: >-
#   True when an ARN is on the configured break-glass / admin allow-list (cluster.break-glass:
#   exact ARNs or globs), or names an IAM role of the plan whose name or ARN is on it.
break_glass(arn) if {
	is_string(arn)
	some p in object.get(input.context, ["cluster", "break_glass"], [])
	_glob_or_equal(p, arn)
}

_glob_or_equal(p, v) if p == v

_glob_or_equal(p, v) if {
	contains(p, "*")
	glob.match(p, [], v)
}

# METADATA
# title: Break-glass role reference
# description: True when an attribute of doc designates a plan role that is on the break-glass list.
break_glass_ref(doc, attr) if {
	some r in roles_of(doc, attr)
	some v in [get(r, ["name"]), get(r, ["arn"]), r.name]
	break_glass(v)
}

break_glass_ref(doc, attr) if break_glass(get(doc, [attr]))

# METADATA
# title: Tag value
# description: The value of a tag on a resource (tags, or tags_all), or "" when unset.
tag(doc, key) := v if {
	v := get(doc, ["tags", key])
	is_string(v)
} else := v if {
	v := get(doc, ["tags_all", key])
	is_string(v)
} else := ""
