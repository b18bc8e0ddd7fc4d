# METADATA
# title: ServiceAccount helpers
# description: >-
#   Which ServiceAccount a pod runs as (`serviceAccountName`, the deprecated
#   `serviceAccount`, else `default`), the ServiceAccounts of the scan by namespace and name
#   (an index built once), and the aws-auth ConfigMap's mappings.
package eks.lib.serviceaccounts

import data.eks.lib.k8s

_non_empty(x) if {
	is_string(x)
	x != ""
}

# METADATA
# title: ServiceAccount of a pod
# description: >-
#   {"name", "path", "explicit"}: the ServiceAccount name a pod carrier runs as, the path of
#   the field that sets it (the PodSpec's `serviceAccountName` when none does), and whether
#   the spec names it.
of(pod) := {"name": pod.spec.serviceAccountName, "path": array.concat(pod.spec_path, ["serviceAccountName"]), "explicit": true} if {
	_non_empty(pod.spec.serviceAccountName)
} else := {"name": pod.spec.serviceAccount, "path": array.concat(pod.spec_path, ["serviceAccount"]), "explicit": true} if {
	_non_empty(pod.spec.serviceAccount)
} else := {"name": "default", "path": array.concat(pod.spec_path, ["serviceAccountName"]), "explicit": false}

_ids[concat("/", [doc.namespace, doc.name])] contains doc.id if {
	some doc in k8s.of_kind("ServiceAccount")
	k8s.group(doc.apiVersion) == ""
}

# "<namespace>/<name>" -> the id of the first such ServiceAccount: a complete object, built
# once per evaluation, so each lookup is constant time.
_first := {key: min(ids) | some key, ids in _ids}

# METADATA
# title: ServiceAccount document
# description: The ServiceAccount `name` of namespace `ns` in the scan (undefined when absent).
account(ns, name) := input.documents[_first[concat("/", [ns, name])]]

# METADATA
# title: Annotation value
# description: An annotation of the pod (template) or of the workload itself, or "".
annotation(pod, key) := v if {
	v := pod.metadata.annotations[key]
	is_string(v)
} else := v if {
	v := pod.doc.object.metadata.annotations[key]
	is_string(v)
} else := ""
