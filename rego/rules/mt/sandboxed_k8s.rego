# The Kubernetes part of EKS-MT-008 (the package and its metadata are in sandboxed.rego).
package eks.rules.mt.sandboxed

import data.eks.lib.result

import data.eks.lib.k8s
import data.eks.lib.netpol
import data.eks.lib.tenants

# A RuntimeClass defined twice has the first one's handler: one value per name.
_runtime_class_handlers[name] := h if {
	some name in {d.name | some d in _runtime_classes}
	h := result.first([d | some d in _runtime_classes; d.name == name]).object.handler
	is_string(h)
}

_runtime_classes := [doc |
	some doc in k8s.of_kind("RuntimeClass")
	doc.source != "terraform"
	k8s.group(doc.apiVersion) == "node.k8s.io"
]

# METADATA
# title: Untrusted namespaces
# description: Namespaces labelled untrusted (config tenants.untrusted-label, value "true").
untrusted_namespaces contains ns if {
	some ns in netpol.namespaces
	netpol.namespace_labels(ns)[tenants.untrusted_label] == "true"
}

# A RuntimeClass of the scan decides by its handler; one that is not in the scan by its name.
_sandboxed(spec) if tenants.sandbox_runtimes[_runtime_class_handlers[spec.runtimeClassName]]

_sandboxed(spec) if {
	rc := spec.runtimeClassName
	is_string(rc)
	not _runtime_class_handlers[rc]
	tenants.sandbox_runtimes[rc]
}

# METADATA
# title: Untrusted workloads outside a sandbox
# description: A workload in an untrusted namespace with no sandbox RuntimeClass and no Fargate profile.
deny contains netpol.finding("EKS-MT-008", w.pod.doc, array.concat(w.pod.spec_path, ["runtimeClassName"]), msg, {}) if {
	some _, w in netpol.workloads
	untrusted_namespaces[w.ns]
	not _sandboxed(w.pod.spec)
	not on_fargate(w.ns, w.labels)
	msg := sprintf("%s runs in untrusted namespace %s without a sandbox: set runtimeClassName to a sandboxed RuntimeClass (%s) or match a Fargate profile%s", [netpol.describe(w), w.ns, concat(", ", sort([r | some r in tenants.sandbox_runtimes])), _current(w.pod.spec)])
}

_current(spec) := sprintf(" (runtimeClassName %s has handler %s)", [spec.runtimeClassName, _runtime_class_handlers[spec.runtimeClassName]]) if {
	_runtime_class_handlers[spec.runtimeClassName]
} else := sprintf(" (runtimeClassName %s is not a sandbox)", [result.show(spec.runtimeClassName)]) if {
	spec.runtimeClassName
} else := ""
