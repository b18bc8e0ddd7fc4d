# METADATA
# title: aws-auth ConfigMap
# description: >-
#   The `kube-system/aws-auth` ConfigMap and its mappings. `mapRoles`, `mapUsers` and
#   `mapAccounts` are YAML documents inside strings: they are parsed here, and a finding on
#   one of their items reports the path of the string plus an `embedded` path inside it, so
#   the gate points at the item's line inside the block scalar (docs/input.md).
package eks.lib.aws_auth

import data.eks.lib.k8s

# METADATA
# title: aws-auth documents
# description: Every ConfigMap named aws-auth in kube-system.
configmaps contains doc if {
	some doc in k8s.of_kind("ConfigMap")
	k8s.group(doc.apiVersion) == ""
	doc.name == "aws-auth"
	doc.namespace == "kube-system"
}

_parsed(raw) := v if {
	is_string(raw)
	yaml.is_valid(raw)
	v := yaml.unmarshal(raw)
}

# METADATA
# title: Entries
# description: >-
#   The items of `data.<key>` of an aws-auth document, each {"item", "path", "embedded"}:
#   for the usual YAML string, path is ["data", key] and embedded [i]; for a list written
#   directly (not valid in a ConfigMap, tolerated), path ["data", key, i] and embedded [].
entries(doc, key) := [e |
	list := _parsed(doc.object.data[key])
	is_array(list)
	some i, item in list
	e := {"item": item, "path": ["data", key], "embedded": [i]}
] if is_string(doc.object.data[key])

else := [e |
	list := doc.object.data[key]
	is_array(list)
	some i, item in list
	e := {"item": item, "path": ["data", key, i], "embedded": []}
]

# METADATA
# title: Unreadable mapping
# description: >-
#   True when `data.<key>` is a non-empty string that is not a YAML list (EKS then ignores
#   it, or worse, the authenticator fails to load the whole ConfigMap).
unreadable(doc, key) if {
	raw := doc.object.data[key]
	is_string(raw)
	trim_space(raw) != ""
	not _list(raw)
}

_list(raw) if is_array(_parsed(raw))

# METADATA
# title: Finding with an embedded path
# description: A finding at `path`, refined to `embedded` inside the YAML string there.
finding(rule, doc, e, sub, message) := f if {
	count(e.embedded) == 0
	f := {"rule": rule, "doc": doc.id, "path": array.concat(e.path, sub), "message": message}
} else := {"rule": rule, "doc": doc.id, "path": e.path, "embedded": array.concat(e.embedded, sub), "message": message}
