# METADATA
# title: Pod Security Admission levels
# description: >-
#   Which Pod Security level and version apply to a pod, per PSA mode, as the admission
#   controller resolves them (rules.md §4): the Namespace's pod-security.kubernetes.io labels
#   when the Namespace is in the scan (invalid enforce levels become restricted, invalid
#   audit/warn levels privileged, invalid versions latest), else the configured defaults.
package eks.lib.pss

import data.eks.lib.k8s

# METADATA
# title: Level order
# description: CompareLevels order of the three levels.
levels := {"privileged": 0, "baseline": 1, "restricted": 2}

# METADATA
# title: Modes, strictest first
# description: enforce rejects pods, warn warns the user, audit only records.
modes := ["enforce", "warn", "audit"]

_label_prefix := "pod-security.kubernetes.io/"

# Namespace objects in the scan, by name (ids of the documents).
_namespace_ids[doc.name] contains doc.id if {
	some doc in input.documents
	doc.kind == "Namespace"
	k8s.group(doc.apiVersion) == ""
}

# METADATA
# title: Namespace labels
# description: Labels of a Namespace in the scan (the first one, if it appears twice).
namespace_labels(ns) := labels if {
	ids := _namespace_ids[ns]
	labels := object.get(input.documents[min(ids)].object, ["metadata", "labels"], {})
	is_object(labels)
} else := {}

# METADATA
# title: Namespace in the scan
# description: True when the Namespace object itself is among the scanned documents.
namespace_in_scan(ns) if _namespace_ids[ns]

_parse_level(raw, _) := raw if raw in object.keys(levels)

_parse_level(raw, mode) := "restricted" if {
	not raw in object.keys(levels)
	mode == "enforce"
}

_parse_level(raw, mode) := "privileged" if {
	not raw in object.keys(levels)
	mode != "enforce"
}

# METADATA
# title: Level of a mode
# description: The level a PSA mode applies in a namespace.
level(ns, mode) := _parse_level(raw, mode) if {
	raw := namespace_labels(ns)[concat("", [_label_prefix, mode])]
} else := input.context.pss[mode]

_valid_version(v) if v == "latest"

_valid_version(v) if regex.match(`^v1\.([0-9]|[1-9][0-9]*)$`, v)

# METADATA
# title: Version of a mode
# description: The policy version a PSA mode applies in a namespace ("latest" or "v1.N").
version(ns, mode) := v if {
	v := namespace_labels(ns)[concat("", [_label_prefix, mode, "-version"])]
	_valid_version(v)
} else := "latest" if {
	namespace_labels(ns)[concat("", [_label_prefix, mode, "-version"])]
} else := input.context.pss.version

# METADATA
# title: Exempt pod
# description: Pods in exempt namespaces or with an exempt runtimeClassName (PSA exemptions).
exempt(pod) if pod.doc.namespace in input.context.pss.exempt_namespaces

exempt(pod) if pod.spec.runtimeClassName in input.context.pss.exempt_runtime_classes

# METADATA
# title: Violation
# description: >-
#   For a pod failing a check of level `check_level`: the strictest mode whose level includes
#   the check, and the "level:version" policy string PSA prints. Undefined when no mode of the
#   pod's namespace applies the check (e.g. everything privileged) or the pod is exempt.
violation(pod, check_level) := {"mode": mode, "policy": concat(":", [level(ns, mode), version(ns, mode)])} if {
	not exempt(pod)
	ns := pod.doc.namespace
	applying := [m | some m in modes; levels[level(ns, m)] >= levels[check_level]]
	count(applying) > 0
	mode := applying[0]
}

# METADATA
# title: Message
# description: A message as PSA words it, e.g. `violates PodSecurity "baseline:latest"` then the check.
message(v, detail) := concat("", ["violates PodSecurity \"", v.policy, "\": ", detail])
