# METADATA
# title: Kubernetes helpers
# description: >-
#   Pod carriers (rules.md §0.3) and their containers. Every rule that inspects pods goes
#   through `pods` and `containers`, so all carriers and all three container lists are
#   covered the same way. Values of the wrong type are skipped, never an error.
package eks.lib.k8s

# METADATA
# title: API group
# description: The group of an apiVersion ("apps" for "apps/v1", "" for "v1").
group(api_version) := g if {
	parts := split(api_version, "/")
	count(parts) == 2
	g := parts[0]
} else := ""

# Where each carrier kind keeps its PodSpec and the pod's metadata, by API group.
_carriers := {
	"": {
		"Pod": {"spec": ["spec"], "metadata": ["metadata"]},
		"ReplicationController": {"spec": ["spec", "template", "spec"], "metadata": ["spec", "template", "metadata"]},
		"PodTemplate": {"spec": ["template", "spec"], "metadata": ["template", "metadata"]},
	},
	"apps": {
		"Deployment": {"spec": ["spec", "template", "spec"], "metadata": ["spec", "template", "metadata"]},
		"ReplicaSet": {"spec": ["spec", "template", "spec"], "metadata": ["spec", "template", "metadata"]},
		"StatefulSet": {"spec": ["spec", "template", "spec"], "metadata": ["spec", "template", "metadata"]},
		"DaemonSet": {"spec": ["spec", "template", "spec"], "metadata": ["spec", "template", "metadata"]},
	},
	"extensions": {
		"Deployment": {"spec": ["spec", "template", "spec"], "metadata": ["spec", "template", "metadata"]},
		"ReplicaSet": {"spec": ["spec", "template", "spec"], "metadata": ["spec", "template", "metadata"]},
		"DaemonSet": {"spec": ["spec", "template", "spec"], "metadata": ["spec", "template", "metadata"]},
	},
	"batch": {
		"Job": {"spec": ["spec", "template", "spec"], "metadata": ["spec", "template", "metadata"]},
		"CronJob": {
			"spec": ["spec", "jobTemplate", "spec", "template", "spec"],
			"metadata": ["spec", "jobTemplate", "spec", "template", "metadata"],
		},
	},
}

# METADATA
# title: Carrier paths
# description: >-
#   Where a pod carrier kind keeps its PodSpec (`spec`) and pod metadata (`metadata`), for an
#   object that is not a document of the input (e.g. one embedded in an annotation).
#   Undefined for kinds that carry no pod.
carrier_paths(api_version, kind) := _carriers[group(api_version)][kind]

_carrier_kinds := {kind | some kinds in _carriers; some kind, _ in kinds}

# METADATA
# title: Pod carriers
# description: >-
#   One entry per document that carries a PodSpec, keyed by document id: the document, the
#   spec and the pod metadata (the template's, for workloads), with their paths inside the
#   object. Iterate with `some pod in k8s.pods`. (An object keyed by id, not a set: a set
#   would hash every whole document on insertion, which dominated evaluation time.) With the
#   shared kind index, only the documents of carrier kinds are visited.
pods := input.shared.refs.pods if {
	is_object(input.shared.refs.pods)
} else := computed_pods

# METADATA
# title: Pod carriers (computed)
# description: >-
#   The pod carriers computed from the scan. `pods` reads them through the value the engine
#   computes once per scan and adds to the loaded data by reference (lib/shared.rego `refs`).
computed_pods := by_id if {
	input.shared.kinds
	by_id := {doc.id: pod |
		some kind in _carrier_kinds
		some doc in of_kind(kind)
		pod := _pod(doc)
	}
} else := _scanned_pods

_scanned_pods[doc.id] := pod if {
	some doc in input.documents
	_carrier_kinds[doc.kind] # a set lookup first: most documents are not carriers
	pod := _pod(doc)
}

_pod(doc) := {
	"doc": doc,
	"spec": spec,
	"spec_path": paths.spec,
	"metadata": _metadata(doc.object, paths.metadata),
	"metadata_path": paths.metadata,
	"containers": _containers(spec, paths.spec),
} if {
	paths := _carriers[group(doc.apiVersion)][doc.kind]
	spec := _at(doc.object, paths.spec)
	is_object(spec)
}

# The value at a carrier path (one to five steps); undefined where the path does not lead.
# Plain references rather than object.get with a path (a built-in call): every package builds
# every pod.
_at(obj, [a]) := obj[a]

_at(obj, [a, b]) := obj[a][b]

_at(obj, [a, b, c]) := obj[a][b][c]

_at(obj, [a, b, c, d]) := obj[a][b][c][d]

_at(obj, [a, b, c, d, e]) := obj[a][b][c][d][e]

_metadata(obj, path) := m if {
	m := _at(obj, path)
	is_object(m)
} else := {}

# METADATA
# title: Kinds (computed)
# description: >-
#   The ids of the documents of each kind. Computed from the scan; `of_kind` and `pods` read
#   it through the shared value the engine computes once per scan (lib/shared.rego).
computed_kinds[doc.kind] contains doc.id if some doc in input.documents

# METADATA
# title: Documents of a kind
# description: >-
#   The documents of a kind (any API group), in scan order. Through the shared index when
#   there is one: a rule that asks for one kind then visits those documents only.
of_kind(kind) := [input.documents[id] | some id in ids] if {
	ids := object.get(input.shared.kinds, kind, [])
} else := [doc | some doc in input.documents; doc.kind == kind]

# METADATA
# title: Container lists
# description: The three lists PSA visits, in its order.
container_lists := ["initContainers", "containers", "ephemeralContainers"]

# METADATA
# title: Containers of a pod
# description: >-
#   Every container of a pod carrier, from all three lists in PSA's order, with its path and
#   name. An array: paths make the entries unique, so a set would only add hashing.
containers(pod) := pod.containers if {
	is_array(pod.containers)
} else := _containers(pod.spec, pod.spec_path)

_containers(spec, spec_path) := [c |
	some list in container_lists
	items := spec[list]
	is_array(items)
	some i, container in items
	is_object(container)
	c := {
		"container": container,
		"list": list,
		"name": _name(container),
		"path": array.concat(spec_path, [list, i]),
	}
]

_name(container) := container.name if is_string(container.name)

else := ""
