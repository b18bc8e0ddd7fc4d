# Benchmark adapter: lets conftest (`conftest test --combine`) evaluate eks-policy-gate's own
# policies. conftest's combined input is [{path, contents}], contents one document or a list of
# them; this builds the gate's input (docs/input.md) from it and reports every finding.
package eks.conftest

import data.eks.main

_cluster_scoped := {"Namespace", "ClusterRole", "ClusterRoleBinding", "CustomResourceDefinition", "PriorityClass", "StorageClass", "PersistentVolume", "ValidatingWebhookConfiguration", "MutatingWebhookConfiguration", "APIService", "IngressClass", "RuntimeClass"}

_objects contains [f.path, i, o] if {
	some f in input
	is_array(f.contents)
	some i, o in f.contents
	is_object(o)
}

_objects contains [f.path, 0, f.contents] if {
	some f in input
	is_object(f.contents)
}

_namespace(o) := "" if o.kind in _cluster_scoped

else := object.get(o, ["metadata", "namespace"], "default")

_documents := [d |
	some k, entry in sort([x | some x in _objects; is_string(x[2].apiVersion); is_string(x[2].kind)])
	o := entry[2]
	d := {
		"id": k, "file": entry[0], "source": "manifest", "apiVersion": o.apiVersion, "kind": o.kind,
		"name": object.get(o, ["metadata", "name"], ""), "namespace": _namespace(o), "object": o,
	}
]

_context := {
	"pss": {"enforce": "baseline", "audit": "restricted", "warn": "restricted", "version": "latest", "exempt_namespaces": [], "exempt_runtime_classes": []},
	"namespaces": {"system": ["kube-system", "kube-public", "kube-node-lease"], "authoritative": null},
	"tenants": {"label": "tenant", "hard": false, "node_label": ""},
	"cluster": {"version": "", "break_glass": []},
}

deny contains msg if {
	some f in main.findings with input as {"documents": _documents, "context": _context}
	# The document and path keep findings with the same text apart (conftest reports a set
	# of messages): the count is comparable with the gate's.
	msg := sprintf("%s doc=%v path=%v %s", [f.rule, object.get(f, "doc", -1), object.get(f, "path", []), f.message])
}
