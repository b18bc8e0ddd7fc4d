# METADATA
# title: Pod Security Admission levels
# description: >-
#   Which Pod Security level and version apply to a pod, per PSA mode, as the admission
#   controller resolves them (rules.md §3.4, §4): the Namespace's pod-security.kubernetes.io
#   labels when the Namespace is in the scan (invalid enforce levels become restricted, invalid
#   audit/warn levels privileged, invalid versions latest), else the configured defaults; the
#   check inventory with each check's versions and overrides; and how a PSS rule turns the
#   checks that fail under each mode into one finding per offending field, at the strictest
#   mode whose policy rejects it.
package eks.lib.pss

import data.eks.lib.k8s
import data.eks.lib.result

# METADATA
# title: Level order
# description: CompareLevels order of the three levels.
levels := {"privileged": 0, "baseline": 1, "restricted": 2}

# METADATA
# title: Modes, strictest first
# description: enforce rejects pods, warn warns the user, audit only records.
modes := ["enforce", "warn", "audit"]

# METADATA
# title: Newest check version
# description: >-
#   The highest MinimumVersion registered by the PSA code the gate mirrors (Kubernetes
#   1.35/1.36): what `latest` resolves to, and where higher pinned versions are clamped.
#   The 1.37 sysctl additions are not confirmed on a release branch and are not shipped.
newest_version := 35

# METADATA
# title: Check inventory
# description: >-
#   Every PSA check (policy/check_*.go): its level, the minor versions at which a new
#   revision was registered (MinimumVersion 1.N as N), and the baseline checks a restricted
#   check overrides. Mirrors rules.md §3.4.
checks := {
	"hostNamespaces": {"level": "baseline", "versions": [0]},
	"privileged": {"level": "baseline", "versions": [0]},
	"capabilities_baseline": {"level": "baseline", "versions": [0]},
	"hostPathVolumes": {"level": "baseline", "versions": [0]},
	"hostPorts": {"level": "baseline", "versions": [0]},
	"appArmorProfile": {"level": "baseline", "versions": [0]},
	"seLinuxOptions": {"level": "baseline", "versions": [0, 31]},
	"procMount": {"level": "baseline", "versions": [0, 35]},
	"seccompProfile_baseline": {"level": "baseline", "versions": [0, 19]},
	"sysctls": {"level": "baseline", "versions": [0, 27, 29, 32]},
	"windowsHostProcess": {"level": "baseline", "versions": [0]},
	"hostProbesAndHostLifecycle": {"level": "baseline", "versions": [34]},
	"restrictedVolumes": {"level": "restricted", "versions": [0], "overrides": ["hostPathVolumes"]},
	"allowPrivilegeEscalation": {"level": "restricted", "versions": [8, 25]},
	"runAsNonRoot": {"level": "restricted", "versions": [0, 35]},
	"runAsUser": {"level": "restricted", "versions": [23, 35]},
	"seccompProfile_restricted": {"level": "restricted", "versions": [19, 25], "overrides": ["seccompProfile_baseline"]},
	"capabilities_restricted": {"level": "restricted", "versions": [22, 25], "overrides": ["capabilities_baseline"]},
	"procMount_restricted": {"level": "restricted", "versions": [35], "overrides": ["procMount"]},
}

_label_prefix := "pod-security.kubernetes.io/"

# METADATA
# title: PSA label keys
# description: The six namespace labels PSA reads, by mode.
label_keys := {mode: {"level": concat("", [_label_prefix, mode]), "version": concat("", [_label_prefix, mode, "-version"])} |
	some mode in modes
}

# Namespace objects in the scan, by name (ids of the documents).
_namespace_ids[doc.name] contains doc.id if {
	some doc in k8s.of_kind("Namespace")
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

# METADATA
# title: Valid level
# description: True for privileged, baseline and restricted (ParseLevel is exact and case-sensitive).
valid_level(raw) if {
	is_string(raw)
	levels[raw]
}

# METADATA
# title: Parse a level label
# description: >-
#   ParseLevel plus PolicyToEvaluate's fallbacks: an invalid enforce level is restricted,
#   an invalid audit or warn level is privileged (fail open).
parse_level(raw, _) := raw if valid_level(raw)

parse_level(raw, mode) := "restricted" if {
	not valid_level(raw)
	mode == "enforce"
}

parse_level(raw, mode) := "privileged" if {
	not valid_level(raw)
	mode != "enforce"
}

# METADATA
# title: Valid version
# description: ParseVersion accepts "latest" and v1.N with no leading zero.
valid_version(v) if v == "latest"

valid_version(v) if {
	is_string(v)
	regex.match(`^v1\.([0-9]|[1-9][0-9]*)$`, v)
}

# METADATA
# title: Level of a mode
# description: The level a PSA mode applies in a namespace.
level(ns, mode) := parse_level(raw, mode) if {
	raw := namespace_labels(ns)[label_keys[mode].level]
} else := input.context.pss[mode]

# METADATA
# title: Version of a mode
# description: The policy version a PSA mode applies in a namespace ("latest" or "v1.N"), as PSA prints it.
version(ns, mode) := v if {
	v := namespace_labels(ns)[label_keys[mode].version]
	valid_version(v)
} else := "latest" if {
	namespace_labels(ns)[label_keys[mode].version]
} else := input.context.pss.version

# METADATA
# title: Cluster minor
# description: The configured cluster.version's minor (33 for "1.33"); undefined when unset.
cluster_minor := to_number(m[0][1]) if {
	v := input.context.cluster.version
	is_string(v)
	m := regex.find_all_string_submatch_n(`^1\.([0-9]+)$`, v, 1)
	count(m) == 1
}

# METADATA
# title: Maximum policy version
# description: >-
#   The newest policy version the evaluator knows. Like an API server that emulates an older
#   version, a configured cluster minor (cluster.version) lowers it: a 1.33 cluster resolves
#   `latest` to the 1.33 policy, where the 1.34 and 1.35 revisions do not exist yet.
max_version := min({newest_version, cluster_minor}) if cluster_minor >= 0

else := newest_version

# METADATA
# title: Version number
# description: >-
#   The minor version a policy version string is evaluated at: `latest` is the maximum,
#   a pinned v1.N above it is clamped to it (registry.go EvaluatePod).
version_number(v) := max_version if v == "latest"

else := min({to_number(substring(v, 3, -1)), max_version})

# METADATA
# title: Check revision
# description: >-
#   The revision (MinimumVersion minor) of a check that runs at minor version `v`: the
#   highest registered one not above `v`. Undefined when the check does not exist yet.
revision(check, v) := max(found) if {
	found := {m | some m in checks[check].versions; m <= v}
	count(found) > 0
}

_overridden(check, "restricted", v) if {
	some other, def in checks
	check in object.get(def, "overrides", [])
	revision(other, v)
}

# METADATA
# title: Checks of a policy
# description: >-
#   The checks a level runs at minor version `v`, each with its revision: every check of that
#   level or below that exists at `v`, minus the baseline checks a restricted check overrides.
policy_checks(lvl, v) := {check: rev |
	some check, def in checks
	levels[def.level] <= levels[lvl]
	rev := revision(check, v)
	not _overridden(check, lvl, v)
}

_policy(mode, rank, lvl, ver) := {
	"mode": mode,
	"rank": rank,
	"level": lvl,
	"version": n,
	"policy": concat(":", [lvl, ver]),
	"checks": policy_checks(lvl, n),
} if {
	n := version_number(ver)
}

_pod_namespaces contains pod.doc.namespace if some pod in k8s.pods

# METADATA
# title: Namespace profiles (computed)
# description: >-
#   What decides the PSA policies of each namespace that holds a pod: the level and version of
#   each mode, as one JSON key. Namespaces labelled alike share a profile, so the policies and
#   runs below are computed, and shared through lib/shared.rego, once per profile rather than
#   once per namespace (the benchmark's 129 namespaces with pods have 3).
computed_namespace_profiles[ns] := json.marshal([[level(ns, mode), version(ns, mode)] | some mode in modes]) if {
	some ns in _pod_namespaces
}

_namespace_profiles := x if {
	x := input.shared.pss_namespace_profiles
} else := computed_namespace_profiles

_profile_keys contains key if some key in _namespace_profiles

# METADATA
# title: Profile policies (computed)
# description: >-
#   The policy of each mode of each namespace profile, strictest mode first; privileged modes
#   run no check. Computed from the scan; rules read it through the shared value the engine
#   computes once per scan (lib/shared.rego), when there is one.
computed_profile_policies[key] := [p |
	some rank, mode in modes
	lvl := profile[rank][0]
	lvl != "privileged"
	p := _policy(mode, rank, lvl, profile[rank][1])
] if {
	some key in _profile_keys
	profile := json.unmarshal(key)
}

_exempt_namespace(ns) if ns in input.context.pss.exempt_namespaces

# METADATA
# title: System or exempt namespace
# description: >-
#   A namespace listed in namespaces.system (add-on and system namespaces) or
#   pss.exempt.namespaces. PSS still applies to system namespaces unless they are exempt;
#   the PSA label rules and the POD hardening rules skip both.
system_or_exempt(ns) if ns in input.context.namespaces.system

system_or_exempt(ns) if _exempt_namespace(ns)

# METADATA
# title: Workload namespaces
# description: The Namespace objects of the scan that are neither system nor exempt.
workload_namespaces contains doc if {
	some doc in k8s.of_kind("Namespace")
	k8s.group(doc.apiVersion) == ""
	not system_or_exempt(doc.name)
}

# METADATA
# title: Exempt pod
# description: Pods in exempt namespaces or with an exempt runtimeClassName (PSA exemptions).
exempt(pod) if _exempt_namespace(pod.doc.namespace)

exempt(pod) if pod.spec.runtimeClassName in input.context.pss.exempt_runtime_classes

# METADATA
# title: Policies of a pod
# description: >-
#   The PSA policy each mode applies to a pod, strictest mode first: mode, rank (0 enforce,
#   1 warn, 2 audit), level, version number, the "level:version" string PSA prints and the
#   checks it runs with their revisions. Empty for exempt pods and all-privileged namespaces.
policies(pod) := [] if _exempt(pod)

else := _profile_policies[_namespace_profiles[pod.doc.namespace]]

# An exempt pod, asked only when an exemption is configured: by default none is, and every
# rule asks for every pod and check.
_exempt(pod) if {
	_exemptions
	exempt(pod)
}

default _exemptions := false

_exemptions if count(input.context.pss.exempt_namespaces) > 0

_exemptions if count(input.context.pss.exempt_runtime_classes) > 0

_profile_policies := x if {
	x := input.shared.pss_profile_policies
} else := computed_profile_policies

# METADATA
# title: Runs
# description: >-
#   The policies of a pod that run `check`, each with `revision`, the revision of the check
#   that policy runs. A rule evaluates its check once per entry, with that revision's semantics.
runs(pod, check) := _entry(_profile_runs, pod, check)

# A pod's runs of `check` in a per-profile table: none for an exempt pod or a check no mode runs.
_entry(table, pod, check) := [] if _exempt(pod)

else := rs if {
	rs := table[_namespace_profiles[pod.doc.namespace]][check]
} else := []

_profile_runs := x if {
	x := input.shared.pss_profile_runs
} else := computed_profile_runs

# METADATA
# title: First runs
# description: >-
#   Of the policies of a pod that run `check`, the strictest one of each revision. A rule that
#   reports each offending field once, at its strictest mode (`strictest`, `outranked`), needs
#   only these: the other modes of a revision find the same fields, with a less strict mode.
first_runs(pod, check) := _entry(_profile_first_runs, pod, check)

_profile_first_runs := x if {
	x := input.shared.pss_profile_first_runs
} else := computed_profile_first_runs

# METADATA
# title: Profile first runs (computed)
# description: >-
#   Per namespace profile and check, the first (strictest) run of each revision of
#   `_profile_runs`; shared once per scan through lib/shared.rego.
computed_profile_first_runs[key] := {check: [r |
	some i, r in rs
	not _earlier_revision(rs, i, r.revision)
] |
	some check, rs in by_check
} if {
	some key, by_check in _profile_runs
}

_earlier_revision(rs, i, revision) if {
	some j, q in rs
	j < i
	q.revision == revision
}

# METADATA
# title: Profile runs (computed)
# description: >-
#   Per namespace profile and check, the PSA modes that run it: computed once per profile,
#   since every pod carrier of every PSS rule asks (and once per scan, through
#   lib/shared.rego).
computed_profile_runs[key] := {check: [r |
	some p in ps
	rev := p.checks[check]
	r := {"mode": p.mode, "rank": p.rank, "level": p.level, "version": p.version, "policy": p.policy, "revision": rev}
] |
	some check, _ in checks
} if {
	some key, ps in _profile_policies
}

# METADATA
# title: Enforced
# description: >-
#   True when the enforce mode of the pod's namespace runs `check` (so a PSS rule already
#   reports it in enforce mode); the POD overlay rules stand aside then.
enforced(pod, check) if {
	some p in runs(pod, check)
	p.mode == "enforce"
}

# METADATA
# title: Message
# description: A message as PSA words it, e.g. `violates PodSecurity "baseline:latest"` then the check.
message(p, detail) := concat("", ["violates PodSecurity \"", p.policy, "\": ", detail])

# METADATA
# title: Hit
# description: >-
#   One offending field of a pod under one mode's policy; a rule collects them by
#   [document id, path] and reports the strictest with `strictest`.
hit(pod, p, path, detail) := {
	"doc": {"id": pod.doc.id},
	"path": path,
	"rank": p.rank,
	"mode": p.mode,
	"message": message(p, detail),
}

# METADATA
# title: Strictest hit
# description: >-
#   The finding for one offending field: the hit of the strictest mode (enforce before warn
#   before audit), so a field that enforce rejects is not reported again as a warning.
strictest(rule, hits) := result.with_mode(rule, h.doc, h.path, h.message, h.mode) if {
	# Most fields fail under one mode only: the set of ranks and messages would be built and
	# walked for nothing (each step through a set hashes its member, message and all).
	count(hits) == 1
	some h in hits
} else := result.with_mode(rule, h.doc, h.path, h.message, h.mode) if {
	best := min({[x.rank, x.message] | some x in hits})
	some h in hits
	[h.rank, h.message] == best
}

# METADATA
# title: Rank of the strictest hit
# description: The rank of the strictest hit in a set (for override pairs that share a field).
best_rank(hits) := min({x.rank | some x in hits})

# METADATA
# title: Outranked
# description: >-
#   True when `other` (the hits of the overriding or overridden check of an override pair,
#   on the same field) has a strictly stricter mode than `hits`. The two checks of a pair never
#   run under the same mode, so one field yields one finding: the stricter one.
outranked(hits, other) if best_rank(other) < best_rank(hits)

# METADATA
# title: Windows pod
# description: spec.os.name is exactly "windows" (PodOS; the exemptions of policy 1.25).
windows(pod) if pod.spec.os.name == "windows"

# METADATA
# title: User-namespace pod
# description: spec.hostUsers is explicitly false (relaxPolicyForUserNamespacePod).
user_namespace(pod) if pod.spec.hostUsers == false

# METADATA
# title: Object or empty
# description: The value if it is an object, else {} (ill-typed fields are skipped, never an error).
object_or_empty(x) := x if is_object(x)

else := {}

# METADATA
# title: Array or empty
# description: The value if it is an array, else [].
array_or_empty(x) := x if is_array(x)

else := []

# METADATA
# title: Pod security context
# description: spec.securityContext of a pod, {} when absent or ill-typed.
pod_sc(pod) := sc if {
	sc := pod.spec.securityContext
	is_object(sc)
} else := {}

# METADATA
# title: Container security context
# description: securityContext of a container entry from k8s.containers, {} when absent or ill-typed.
container_sc(c) := sc if {
	sc := c.container.securityContext
	is_object(sc)
} else := {}

# METADATA
# title: Pod annotations
# description: The pod's annotations (the template's, for workloads), {} when absent or ill-typed.
annotations(pod) := a if {
	a := pod.metadata.annotations
	is_object(a)
} else := {}

# METADATA
# title: Quote
# description: A string in double quotes, as PSA's joinQuote prints one item.
quote(s) := concat("", ["\"", s, "\""])

# METADATA
# title: Display
# description: A scalar as PSA prints it in a detail (strings as is, other values as JSON).
display(x) := x if is_string(x)

else := json.marshal(x)
