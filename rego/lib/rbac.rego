# METADATA
# title: RBAC helpers
# description: >-
#   Roles and ClusterRoles with their effective rules (aggregated ClusterRoles get the union
#   of the ClusterRoles their selectors pick in the scan), what a rule grants (Kubernetes'
#   own matching: `*` verbs, resources, groups; `*/sub` subresources; empty resourceNames is
#   every object), bindings and their subjects, and the built-in objects rules leave alone
#   (rules.md §2.2).
package eks.lib.rbac

import data.eks.lib.result

import data.eks.lib.k8s

_rbac_group := "rbac.authorization.k8s.io"

_role_kinds := {"Role", "ClusterRole"}

_binding_kinds := {"RoleBinding", "ClusterRoleBinding"}

# METADATA
# title: Built-in object
# description: >-
#   A role or binding the cluster itself owns: `system:` or `eks:` names, or the label
#   `kubernetes.io/bootstrapping: rbac-defaults`. Authoring findings skip them.
builtin(doc) if startswith(doc.name, "system:")

builtin(doc) if startswith(doc.name, "eks:")

builtin(doc) if object.get(doc.object, ["metadata", "labels", "kubernetes.io/bootstrapping"], "") == "rbac-defaults"

_is_rbac(doc) if k8s.group(doc.apiVersion) == _rbac_group

_strings(x) := [s | some s in x; is_string(s)] if is_array(x)

else := []

_labels(doc) := l if {
	l := doc.object.metadata.labels
	is_object(l)
} else := {}

# ClusterRoles in the scan by "key=value" label, for aggregation.
_cluster_roles_by_label[sprintf("%s=%s", [k, result.show(v)])] contains doc.id if {
	some doc in k8s.of_kind("ClusterRole")
	_is_rbac(doc)
	some k, v in _labels(doc)
}

_cluster_role_ids contains doc.id if {
	some doc in k8s.of_kind("ClusterRole")
	_is_rbac(doc)
}

# LabelSelector semantics (matchLabels AND matchExpressions; an empty selector matches all).
_selects(sel, labels) if {
	is_object(sel)
	every k, v in object.get(sel, "matchLabels", {}) {
		labels[k] == v
	}
	every e in _array(object.get(sel, "matchExpressions", [])) {
		_expression(e, labels)
	}
}

_array(x) := x if is_array(x)

else := []

_expression(e, labels) if {
	e.operator == "In"
	labels[e.key] in _array(e.values)
}

_expression(e, labels) if {
	e.operator == "NotIn"
	not _value_in(labels, e.key, e.values)
}

_value_in(labels, key, values) if labels[key] in _array(values)

_expression(e, labels) if {
	e.operator == "Exists"
	_ = labels[e.key]
}

_expression(e, labels) if {
	e.operator == "DoesNotExist"
	not _has(labels, e.key)
}

_has(labels, key) if _ = labels[key]

# Candidate ClusterRoles for a selector: through the label index when it has matchLabels.
_candidates(sel) := ids if {
	ml := object.get(sel, "matchLabels", {})
	is_object(ml)
	count(ml) > 0

	# Every pair must hold: the roles carrying all of them (one value for any number of labels).
	ids := intersection({object.get(_cluster_roles_by_label, sprintf("%s=%s", [k, result.show(v)]), set()) | some k, v in ml})
} else := _cluster_role_ids

# METADATA
# title: Role rules
# description: >-
#   Every PolicyRule a Role or ClusterRole in the scan grants: one entry per rule with the
#   role's document, the rule, the path to report, and `via` (the name of the ClusterRole the
#   rule was aggregated from, or "" for the role's own rules). Built-in roles are left out.
#   Iterate with `some r in rbac.rules`. (An object keyed by where the rule is, not a set: a
#   set would hash the role's whole document on every insertion.)
rules[[doc.id, i]] := r if {
	some kind in _role_kinds
	some doc in k8s.of_kind(kind)
	_is_rbac(doc)
	not builtin(doc)
	rs := doc.object.rules
	is_array(rs)
	some i, rule in rs
	is_object(rule)
	r := {"doc": doc, "rule": _normalised(rule), "path": ["rules", i], "via": ""}
}

rules[[doc.id, source.id, j]] := r if {
	some doc in k8s.of_kind("ClusterRole")
	_is_rbac(doc)
	not builtin(doc)
	selectors := doc.object.aggregationRule.clusterRoleSelectors
	is_array(selectors)
	some sel in selectors
	is_object(sel)
	some id in _candidates(sel)
	id != doc.id
	source := input.documents[id]
	_selects(sel, _labels(source))
	rs := source.object.rules
	is_array(rs)
	some j, rule in rs
	is_object(rule)
	r := {"doc": doc, "rule": _normalised(rule), "path": ["aggregationRule"], "via": source.name}
}

# The rule with its verbs, resources and API groups also as sets of strings (computed once
# per rule, not once per question asked of it).
_normalised(rule) := object.union(rule, {
	"_verbs": {v | some v in _strings(object.get(rule, "verbs", []))},
	"_resources": {x | some x in _strings(object.get(rule, "resources", []))},
	"_groups": {g | some g in _strings(object.get(rule, "apiGroups", []))},
})

# METADATA
# title: Verbs a rule grants
# description: Of `wanted`, the verbs the rule grants (all of them under `*`).
verbs(rule, wanted) := {v | some v in wanted; _has_verb(rule, v)}

_has_verb(rule, _) if "*" in _set(rule, "_verbs", "verbs")

_has_verb(rule, v) if v in _set(rule, "_verbs", "verbs")

_has_group(rule, _) if "*" in _set(rule, "_groups", "apiGroups")

_has_group(rule, g) if g in _set(rule, "_groups", "apiGroups")

# Kubernetes' ResourceMatches: "*", the exact resource, or "*/<subresource>".
_has_resource(rule, _) if "*" in _set(rule, "_resources", "resources")

_has_resource(rule, res) if res in _set(rule, "_resources", "resources")

_has_resource(rule, res) if {
	parts := split(res, "/")
	count(parts) == 2
	concat("/", ["*", parts[1]]) in _set(rule, "_resources", "resources")
}

# The normalised set of a rule from `rules`, or computed for a rule passed in directly.
_set(rule, key, field) := rule[key] if {
	is_set(rule[key])
	is_string(field)
} else := {x | some x in _strings(object.get(rule, field, []))}

# METADATA
# title: Grants
# description: >-
#   The (verb, resource) pairs of `verbs_wanted` x `resources` (each {"resource", "group"})
#   the rule grants, as a set of {"verb", "resource"}.
grants(rule, verbs_wanted, resources) := {g |
	some v in verbs(rule, verbs_wanted)
	some res in resources
	_has_group(rule, res.group)
	_has_resource(rule, res.resource)
	g := {"verb": v, "resource": res.resource}
}

# METADATA
# title: Resource path
# description: >-
#   The path of the entry of the rule's `resources` that grants `resource` (its exact name
#   first, then `*/sub`, then `*`), else the rule's `resources` list.
resource_path(r, resource) := array.concat(r.path, ["resources", min(found)]) if {
	# The first matching entry: a list may repeat one.
	r.via == ""
	found := {i | some i, x in r.rule.resources; x == resource}
	count(found) > 0
} else := array.concat(r.path, ["resources", min(found)]) if {
	r.via == ""
	found := {i |
		some i, x in r.rule.resources
		startswith(x, "*/")
		endswith(resource, trim_prefix(x, "*"))
	}
	count(found) > 0
} else := array.concat(r.path, ["resources", min(found)]) if {
	r.via == ""
	found := {i | some i, x in r.rule.resources; x == "*"}
	count(found) > 0
} else := array.concat(r.path, ["resources"]) if {
	r.via == ""
} else := r.path

# METADATA
# title: Role rule description
# description: >-
#   `ClusterRole "name" rules[2]` or `Role "ns/name" rules[0]`; for an aggregated rule, the
#   ClusterRole it comes from.
describe(r) := sprintf("%s rules[%d]", [_name(r.doc), r.path[1]]) if {
	r.via == ""
} else := sprintf(`%s (aggregated from ClusterRole "%s")`, [_name(r.doc), r.via])

_name(doc) := sprintf(`ClusterRole "%s"`, [doc.name]) if doc.kind == "ClusterRole"

else := sprintf(`%s "%s/%s"`, [doc.kind, doc.namespace, doc.name])

# METADATA
# title: Role reference
# description: >-
#   The allow-list form of a role: `ClusterRole/<name>` or `Role/<namespace>/<name>`.
ref(doc) := concat("/", ["ClusterRole", doc.name]) if doc.kind == "ClusterRole"

else := concat("/", [doc.kind, doc.namespace, doc.name])

# METADATA
# title: Allow-listed
# description: >-
#   True when `ref` matches an entry of the list (`*` matches any characters).
allowed(ref, list) if {
	is_array(list)
	some pattern in list
	is_string(pattern)
	glob.match(pattern, null, ref)
}

# METADATA
# title: Join
# description: Verbs or resources joined for a message, in a stable order.
join(xs) := concat(", ", sort([x | some x in xs]))

# METADATA
# title: Bindings
# description: >-
#   Every subject of every RoleBinding and ClusterRoleBinding in the scan: the binding's
#   document, the subject, its index, and the binding's roleRef.
subjects[[doc.id, i]] := s if {
	some kind in _binding_kinds
	some doc in k8s.of_kind(kind)
	_is_rbac(doc)
	subs := doc.object.subjects
	is_array(subs)
	role_ref := object.get(doc.object, "roleRef", {})
	is_object(role_ref)
	some i, sub in subs
	is_object(sub)
	s := {"doc": doc, "subject": sub, "index": i, "role_ref": role_ref}
}

# METADATA
# title: Subject reference
# description: >-
#   The allow-list form of a subject: `Group/<name>`, `User/<name>` or
#   `ServiceAccount/<namespace>/<name>` (the binding's namespace when the subject has none).
subject_ref(s) := concat("/", ["ServiceAccount", ns, object.get(s.subject, "name", "")]) if {
	s.subject.kind == "ServiceAccount"
	ns := object.get(s.subject, "namespace", s.doc.namespace)
} else := concat("/", [result.show(object.get(s.subject, "kind", "")), result.show(object.get(s.subject, "name", ""))])
