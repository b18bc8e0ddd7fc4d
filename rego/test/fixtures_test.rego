# METADATA
# title: Test fixtures
# description: Builders for test inputs shared by every rule's _test.rego.
package eks.test.fixtures

# METADATA
# title: Default context
# description: The context the gate passes with an empty configuration.
default_context := {
	"pss": {
		"enforce": "baseline", "audit": "restricted", "warn": "restricted", "version": "latest",
		"exempt_namespaces": [], "exempt_runtime_classes": [],
	},
	"namespaces": {"system": ["kube-system", "kube-public", "kube-node-lease"], "authoritative": null},
	"tenants": {
		"label": "tenant", "hard": false, "node_label": "",
		"principals": [], "priority_classes": [], "untrusted_label": "eks.policy/untrusted",
		"sandbox_runtime_classes": ["kata", "kata-qemu", "kata-clh", "kata-fc", "kata-dragonball", "gvisor", "runsc"],
	},
	"network": {"quarantine_label": "quarantine", "istio_root_namespace": "istio-system", "tls_ports": [443, 8443]},
	"cluster": {"version": "", "break_glass": []},
}

_cluster_scoped := {"Namespace", "ClusterRole", "ClusterRoleBinding", "CustomResourceDefinition", "PriorityClass", "RuntimeClass", "NodeClass"}

_namespace(o) := "" if o.kind in _cluster_scoped

else := object.get(o, ["metadata", "namespace"], "default")

# METADATA
# title: Input of objects
# description: An input holding these Kubernetes objects, ids in order, with the default context.
input_of(objects) := input_with(objects, default_context)

# METADATA
# title: Input of objects with a context
# description: Like input_of, with a given context.
input_with(objects, context) := {
	"documents": [doc |
		some i, o in objects
		doc := {
			"id": i, "file": "test.yaml", "source": "manifest",
			"apiVersion": o.apiVersion, "kind": o.kind,
			"name": object.get(o, ["metadata", "name"], ""),
			"namespace": _namespace(o), "object": o,
		}
	],
	"context": context,
}

# METADATA
# title: Namespace object
# description: A Namespace with these labels.
namespace(name, labels) := {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": name, "labels": labels}}

_template(spec) := {"metadata": {"labels": {"app": "demo"}}, "spec": spec}

# METADATA
# title: Every pod carrier
# description: >-
#   The same pod spec in every carrier kind of rules.md §0.3, keyed by kind, each with the
#   path of its PodSpec.
carriers(spec) := {
	"Pod": {"object": {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "demo", "namespace": "default"}, "spec": spec}, "spec_path": ["spec"]},
	"Deployment": {"object": {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "demo", "namespace": "default"}, "spec": {"template": _template(spec)}}, "spec_path": ["spec", "template", "spec"]},
	"ReplicaSet": {"object": {"apiVersion": "apps/v1", "kind": "ReplicaSet", "metadata": {"name": "demo", "namespace": "default"}, "spec": {"template": _template(spec)}}, "spec_path": ["spec", "template", "spec"]},
	"StatefulSet": {"object": {"apiVersion": "apps/v1", "kind": "StatefulSet", "metadata": {"name": "demo", "namespace": "default"}, "spec": {"template": _template(spec)}}, "spec_path": ["spec", "template", "spec"]},
	"DaemonSet": {"object": {"apiVersion": "apps/v1", "kind": "DaemonSet", "metadata": {"name": "demo", "namespace": "default"}, "spec": {"template": _template(spec)}}, "spec_path": ["spec", "template", "spec"]},
	"ReplicationController": {"object": {"apiVersion": "v1", "kind": "ReplicationController", "metadata": {"name": "demo", "namespace": "default"}, "spec": {"template": _template(spec)}}, "spec_path": ["spec", "template", "spec"]},
	"Job": {"object": {"apiVersion": "batch/v1", "kind": "Job", "metadata": {"name": "demo", "namespace": "default"}, "spec": {"template": _template(spec)}}, "spec_path": ["spec", "template", "spec"]},
	"CronJob": {"object": {"apiVersion": "batch/v1", "kind": "CronJob", "metadata": {"name": "demo", "namespace": "default"}, "spec": {"schedule": "@daily", "jobTemplate": {"spec": {"template": _template(spec)}}}}, "spec_path": ["spec", "jobTemplate", "spec", "template", "spec"]},
	"PodTemplate": {"object": {"apiVersion": "v1", "kind": "PodTemplate", "metadata": {"name": "demo", "namespace": "default"}, "template": _template(spec)}, "spec_path": ["template", "spec"]},
}

# METADATA
# title: Findings of one rule
# description: The findings of rule `id` among a findings set.
of_rule(findings, id) := {f | some f in findings; f.rule == id}
