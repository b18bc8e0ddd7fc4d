# METADATA
# title: NetworkPolicy coverage
# description: >-
#   The NetworkPolicy model of rules.md §6, computed once per input and shared by the EKS-NET,
#   EKS-MT and EKS-IR rules and the coverage report: LabelSelector matching (matchLabels,
#   matchExpressions In/NotIn/Exists/DoesNotExist, empty vs null), effective policyTypes,
#   namespace labels with the implicit kubernetes.io/metadata.name, which policies select
#   which workload (pod carrier), default-deny and allow-all detection, DNS egress, and
#   SecurityGroupPolicy matching (§7). Every join goes through an index keyed by namespace
#   (and by one label of each selector), built once: never policy x workload over the bundle.
#   Values of the wrong type are skipped, never an error.
package eks.lib.netpol

import data.eks.lib.k8s

# ---------------------------------------------------------------------------------------
# LabelSelector (§6.2)
# ---------------------------------------------------------------------------------------

# METADATA
# title: Implicit namespace label
# description: The label the API server sets on every Namespace (immutable).
name_label := "kubernetes.io/metadata.name"

_set_ops := {"In", "NotIn"}

_exist_ops := {"Exists", "DoesNotExist"}

_empty(x) if is_null(x)

_empty(x) if x == []

_empty(x) if x == {}

_match_labels(sel) := m if {
	m := sel.matchLabels
	is_object(m)
} else := {}

_match_expressions(sel) := e if {
	e := sel.matchExpressions
	is_array(e)
} else := []

_valid_labels_map(m) if is_null(m)

_valid_labels_map(m) if {
	is_object(m)
	every v in m {
		is_string(v)
	}
}

_valid_requirement(r) if {
	is_object(r)
	is_string(r.key)
	r.operator in _set_ops
	is_array(r.values)
	count(r.values) > 0
	every v in r.values {
		is_string(v)
	}
}

_valid_requirement(r) if {
	is_object(r)
	is_string(r.key)
	r.operator in _exist_ops
	_empty(object.get(r, "values", null))
}

# METADATA
# title: Selector problems
# description: >-
#   Why the API server would reject a LabelSelector (an object or null), as messages; empty
#   when it is valid. A rejected selector matches nothing (§6.2).
selector_problems(sel) := set() if is_null(sel)

else := {"is not a map"} if not is_object(sel)

else := ({msg |
	not _valid_labels_map(object.get(sel, "matchLabels", null))
	msg := "matchLabels must map keys to string values"
} | {msg |
	e := object.get(sel, "matchExpressions", null)
	not is_null(e)
	not is_array(e)
	msg := "matchExpressions must be a list"
}) | {msg |
	some i, r in _match_expressions(sel)
	not _valid_requirement(r)
	msg := sprintf("matchExpressions[%d] is invalid (%s)", [i, _requirement_problem(r)])
}

_requirement_problem(r) := "not a map" if not is_object(r)

else := "key must be a string" if {
	key := object.get(r, "key", null)
	not is_string(key)
}

else := sprintf("operator %s needs a non-empty list of string values", [r.operator]) if r.operator in _set_ops

else := sprintf("operator %s takes no values", [r.operator]) if r.operator in _exist_ops

else := "operator must be In, NotIn, Exists or DoesNotExist"

# METADATA
# title: Valid selector
# description: A LabelSelector the API server accepts (an object with valid parts, or null).
valid_selector(sel) if is_null(sel)

valid_selector(sel) if {
	is_object(sel)
	_valid_labels_map(object.get(sel, "matchLabels", null))
	_valid_expressions(object.get(sel, "matchExpressions", null))
}

_valid_expressions(e) if is_null(e)

_valid_expressions(e) if {
	is_array(e)
	every r in e {
		_valid_requirement(r)
	}
}

# METADATA
# title: Empty selector
# description: >-
#   A selector with no requirement at all (`{}`, or both lists empty or null): it matches
#   every label set. `null` is not empty here: callers decide what null means (§6.2).
empty_selector(sel) if {
	is_object(sel)
	_empty(object.get(sel, "matchLabels", null))
	_empty(object.get(sel, "matchExpressions", null))
}

# METADATA
# title: Selector match
# description: >-
#   match(sel, L) of rules.md §6.2: every matchLabels pair and every matchExpressions
#   requirement holds (AND). NotIn and DoesNotExist hold for a missing key. An invalid
#   selector matches nothing.
matches(sel, labels) if {
	valid_selector(sel)
	is_object(sel)
	_holds_all(sel, labels)
}

# Every requirement of a selector already known to be valid holds.
_holds_all(sel, labels) if {
	every k, v in _match_labels(sel) {
		labels[k] == v
	}
	every r in _match_expressions(sel) {
		_holds(r, labels)
	}
}

_has(labels, k) if {
	_ = labels[k]
}

_holds(r, labels) if {
	r.operator == "In"
	labels[r.key] in r.values
}

_holds(r, labels) if {
	r.operator == "NotIn"
	not _has(labels, r.key)
}

_holds(r, labels) if {
	r.operator == "NotIn"
	not labels[r.key] in r.values
	_has(labels, r.key)
}

_holds(r, labels) if {
	r.operator == "Exists"
	_has(labels, r.key)
}

_holds(r, labels) if {
	r.operator == "DoesNotExist"
	not _has(labels, r.key)
}

# METADATA
# title: Selector match with partly known labels
# description: >-
#   "yes", "no" or "unknown" for a selector against labels of which only the keys in
#   `known` are known (e.g. a Namespace not in the scan: only kubernetes.io/metadata.name).
#   A requirement on a known key decides; one on an unknown key is unknown (§6.1).
match3(sel, labels, known) := "no" if {
	not valid_selector(sel)
} else := "no" if {
	some k, v in _match_labels(sel)
	k in known
	labels[k] != v
} else := "no" if {
	some k, _ in _match_labels(sel)
	k in known
	not _has(labels, k)
} else := "no" if {
	some r in _match_expressions(sel)
	r.key in known
	not _holds(r, labels)
} else := "unknown" if {
	some k, _ in _match_labels(sel)
	not k in known
} else := "unknown" if {
	some r in _match_expressions(sel)
	not r.key in known
} else := "yes"

# ---------------------------------------------------------------------------------------
# Namespaces (§6.1)
# ---------------------------------------------------------------------------------------

_k8s(doc) if doc.source != "terraform"

_namespace_ids_index[doc.name] contains doc.id if {
	some doc in k8s.of_kind("Namespace")
	_k8s(doc)
	k8s.group(doc.apiVersion) == ""
	is_string(doc.name)
	doc.name != ""
}

# Namespaced documents, by namespace.
_namespaced_ids_index[doc.namespace] contains doc.id if {
	some doc in input.documents
	_k8s(doc)
	is_string(doc.namespace)
	doc.namespace != ""
}

# METADATA
# title: Namespace in the scan
# description: True when the Namespace object itself is among the scanned documents.
namespace_in_scan(ns) if _namespace_ids[ns]

# METADATA
# title: Namespaces
# description: The Namespace objects of the scan plus every namespace a namespaced object uses.
namespaces := {ns | some ns, _ in _namespace_ids} | {ns | some ns, _ in _namespaced_ids}

# METADATA
# title: Namespace labels
# description: >-
#   The Namespace's labels plus the implicit kubernetes.io/metadata.name. For a namespace
#   without an object in the scan, only that implicit label is known (see complete_labels).
namespace_labels(ns) := object.union(_string_labels(labels), {name_label: ns}) if {
	ids := _namespace_ids[ns]
	labels := object.get(input.documents[min(ids)].object, ["metadata", "labels"], {})
} else := {name_label: ns}

_string_labels(labels) := {k: v | some k, v in labels; is_string(v)} if is_object(labels)

else := {}

# METADATA
# title: Namespace selector match
# description: >-
#   "yes", "no" or "unknown": does a namespaceSelector select namespace `ns`? Unknown when
#   the Namespace is not in the scan and the selector needs a label other than the implicit one.
namespace_match(sel, ns) := "yes" if {
	namespace_in_scan(ns)
	matches(sel, namespace_labels(ns))
} else := "no" if {
	namespace_in_scan(ns)
} else := match3(sel, namespace_labels(ns), {name_label})

# METADATA
# title: Exempt namespace
# description: System and add-on namespaces (config namespaces.system) are not checked.
exempt(ns) if ns in object.get(input.context, ["namespaces", "system"], [])

# METADATA
# title: Authoritative namespace
# description: >-
#   Whether the scan holds every object of the namespace, so that "X does not exist" is a
#   fact rather than a gap of a partial bundle (rules.md §10). Config namespaces.authoritative:
#   `all`, a list of names or globs, or null (default: namespaces whose Namespace object is
#   in the scan).
authoritative(_) if object.get(input.context, ["namespaces", "authoritative"], null) == "all"

authoritative(ns) if {
	patterns := object.get(input.context, ["namespaces", "authoritative"], null)
	is_array(patterns)
	some p in patterns
	is_string(p)
	glob.match(p, [], ns)
}

authoritative(ns) if {
	is_null(object.get(input.context, ["namespaces", "authoritative"], null))
	namespace_in_scan(ns)
}

# METADATA
# title: Namespace anchor
# description: >-
#   Where a finding about a namespace is reported: its Namespace object's metadata.name, or
#   else the first object of the scan in that namespace (its metadata.namespace).
namespace_anchor(ns) := {"doc": input.documents[min(ids)], "path": ["metadata", "name"]} if {
	ids := _namespace_ids[ns]
} else := {"doc": input.documents[min(ids)], "path": ["metadata", "namespace"]} if {
	ids := _namespaced_ids[ns]
}

# ---------------------------------------------------------------------------------------
# Policies (§6.3, §6.4)
# ---------------------------------------------------------------------------------------

_policy_groups := {"networking.k8s.io", "extensions"}

_spec(obj) := s if {
	s := obj.spec
	is_object(s)
} else := {}

# A spec that is present but not a map: the API server rejects the object.
_bad_spec(obj) if {
	s := obj.spec
	not is_object(s)
	not is_null(s)
}

# A NetworkPolicy's podSelector: omitted and null (Helm's `podSelector:`) both mean {} (§6.2).
_pod_selector(spec) := {} if is_null(object.get(spec, "podSelector", null))

else := spec.podSelector

# METADATA
# title: Effective policyTypes
# description: >-
#   spec.policyTypes when present and non-empty; otherwise Ingress, plus Egress only when
#   spec.egress is a non-empty list (§6.3).
policy_types(spec) := {t | some t in spec.policyTypes; t in {"Ingress", "Egress"}} if {
	is_array(spec.policyTypes)
	count(spec.policyTypes) > 0
} else := {"Ingress", "Egress"} if {
	is_array(spec.egress)
	count(spec.egress) > 0
} else := {"Ingress"}

# METADATA
# title: NetworkPolicies
# description: >-
#   Every NetworkPolicy of the scan by document id: document, namespace, spec, podSelector
#   (null read as {}), effective policyTypes and whether the podSelector is empty.
_policies_index[doc.id] := {
	"doc": doc,
	"ns": doc.namespace,
	"name": doc.name,
	"spec": spec,
	"selector": selector,
	"types": policy_types(spec),
	"empty_selector": _is_empty_pod_selector(selector),
	"valid": _policy_valid(doc.object),
} if {
	some doc in k8s.of_kind("NetworkPolicy")
	_k8s(doc)
	k8s.group(doc.apiVersion) in _policy_groups
	spec := _spec(doc.object)
	selector := _pod_selector(spec)
}

_is_empty_pod_selector(sel) if empty_selector(sel)

else := false

_policy_valid(obj) if {
	count(policy_problems(obj)) == 0
} else := false

# METADATA
# title: Policy problems
# description: >-
#   Why the API server would reject a NetworkPolicy object (invalid selectors in podSelector
#   or a peer, ill-typed rules, peers or policyTypes), each {path, message}. Such a policy
#   selects nothing.
policy_problems(obj) := {{"path": ["spec"], "message": "spec must be a map"}} if _bad_spec(obj)

else := _spec_problems(_spec(obj), _pod_selector(_spec(obj)))

_spec_problems(spec, selector) := ((({p |
	some msg in selector_problems(selector)
	p := {"path": ["spec", "podSelector"], "message": concat("", ["spec.podSelector ", msg])}
} | {p |
	some dir in ["ingress", "egress"]
	rules := object.get(spec, dir, [])
	not is_null(rules)
	not is_array(rules)
	p := {"path": ["spec", dir], "message": sprintf("spec.%s must be a list", [dir])}
}) | {p |
	some dir, key in _peer_key
	some i, rule in _list(object.get(spec, dir, []))
	some problem in _rule_problems(rule, key)
	p := {
		"path": array.concat(["spec", dir, i], problem.path),
		"message": sprintf("spec.%s[%d]%s", [dir, i, problem.message]),
	}
}) | {p |
	some i, t in _list(object.get(spec, "policyTypes", []))
	not t in {"Ingress", "Egress"}
	p := {"path": ["spec", "policyTypes", i], "message": sprintf("spec.policyTypes[%d] must be Ingress or Egress", [i])}
}) | {p |
	types := object.get(spec, "policyTypes", [])
	not is_null(types)
	not is_array(types)
	p := {"path": ["spec", "policyTypes"], "message": "spec.policyTypes must be a list"}
}

_rule_problems(rule, key) := {{"path": [], "message": " must be a map"}} if {
	not is_object(rule)
	is_string(key)
}

else := {{"path": [key], "message": sprintf(".%s must be a list", [key])}} if {
	peers := object.get(rule, key, [])
	not is_null(peers)
	not is_array(peers)
} else := {p |
	some j, peer in _list(object.get(rule, key, []))
	some problem in _peer_problems(peer)
	p := {
		"path": array.concat([key, j], problem.path),
		"message": sprintf(".%s[%d]%s", [key, j, problem.message]),
	}
}

_peer_problems(peer) := {{"path": [], "message": " must be a map"}} if not is_object(peer)

else := {{"path": [], "message": " must set podSelector, namespaceSelector or ipBlock"}} if {
	count({f | some f in ["podSelector", "namespaceSelector", "ipBlock"]; not is_null(object.get(peer, f, null))}) == 0
} else := {p |
	some field in ["podSelector", "namespaceSelector"]
	some msg in selector_problems(object.get(peer, field, null))
	p := {"path": [field], "message": sprintf(".%s %s", [field, msg])}
}

_peer_key := {"ingress": "from", "egress": "to"}

# Policies of each namespace.
_policies_by_ns_index[p.ns] contains id if some id, p in policies

# The index that avoids policy x workload: a policy whose podSelector has matchLabels can only
# select a pod carrying its smallest matchLabels pair, so it is filed under that pair; one
# whose selector has an In requirement is filed under each of its values; the rest (empty
# selectors, NotIn/Exists/DoesNotExist only) are tried on every workload of the namespace.
_index_key(sel) := [k, sel.matchLabels[k]] if {
	ml := _match_labels(sel)
	count(ml) > 0
	k := min(object.keys(ml))
}

_keyed_index[_key(p.ns, k, v)] contains id if {
	some id, p in policies
	p.valid
	key := _index_key(p.selector)
	k := key[0]
	v := key[1]
}

_keyed_index[_key(p.ns, r.key, v)] contains id if {
	some id, p in policies
	p.valid
	not _index_key(p.selector)
	r := _first_in(p.selector)
	some v in r.values
}

_first_in(sel) := rs[0] if {
	rs := [r | some r in _match_expressions(sel); is_object(r); r.operator == "In"; is_array(r.values)]
	count(rs) > 0
}

# A composite index key (a string: object.get would read an array key as a path).
_key(ns, k, v) := concat("\n", [ns, k, v])

# Policies that select every pod of their namespace.
_select_all_index[p.ns] contains id if {
	some id, p in policies
	p.valid
	p.empty_selector
}

# Policies that must be tried on every pod of their namespace (NotIn, Exists, DoesNotExist).
_unkeyed_index[p.ns] contains id if {
	some id, p in policies
	p.valid
	not p.empty_selector
	not _index_key(p.selector)
	not _first_in(p.selector)
}

# METADATA
# title: Selecting policies
# description: >-
#   Ids of the NetworkPolicies that select pods with these labels in namespace `ns`: same
#   namespace, valid, podSelector matches (§6.3). Policies never select across namespaces.
selecting(ns, labels) := (object.get(_select_all, ns, set()) | {id |
	some id in object.get(_unkeyed, ns, set())
	_holds_all(policies[id].selector, labels)
}) | {id |
	some k, v in labels
	some id in _keyed[_key(ns, k, v)]
	_holds_all(policies[id].selector, labels)
}

# METADATA
# title: Default-deny ingress policies
# description: >-
#   Per namespace, the policies that deny all ingress by default: empty podSelector (null
#   counts as empty), Ingress in the effective policyTypes, ingress absent or [] (§6.4).
_default_deny_ingress_index[p.ns] contains id if {
	some id, p in policies
	p.valid
	p.empty_selector
	"Ingress" in p.types
	_empty(object.get(p.spec, "ingress", null))
}

# METADATA
# title: Default-deny egress policies
# description: >-
#   Per namespace, the policies that deny all egress by default: empty podSelector, Egress
#   in policyTypes (explicitly: an implicit Egress needs egress rules), egress absent or [].
_default_deny_egress_index[p.ns] contains id if {
	some id, p in policies
	p.valid
	p.empty_selector
	"Egress" in p.types
	_empty(object.get(p.spec, "egress", null))
}

# ---------------------------------------------------------------------------------------
# Rules and peers (§6.5, §6.6)
# ---------------------------------------------------------------------------------------

_list(x) := x if is_array(x)

else := []

_peer_allows_all(peer) if {
	is_object(peer)
	ns_sel := peer.namespaceSelector
	empty_selector(ns_sel)
	is_null(object.get(peer, "podSelector", null))
}

_peer_allows_all(peer) if {
	is_object(peer)
	empty_selector(peer.namespaceSelector)
	empty_selector(peer.podSelector)
}

_peer_allows_all(peer) if {
	is_object(peer)
	peer.ipBlock.cidr in {"0.0.0.0/0", "::/0"}
	_empty(object.get(peer.ipBlock, "except", null))
}

_all_peers(rule, key) if _empty(object.get(rule, key, null))

_all_peers(rule, key) if {
	some peer in _list(rule[key])
	_peer_allows_all(peer)
}

# METADATA
# title: Allow-all rules
# description: >-
#   Indexes of the rules of direction `dir` ("ingress" or "egress") that allow everything:
#   no peers (or a peer `namespaceSelector: {}` without podSelector, or 0.0.0.0/0 or ::/0
#   without except) and no ports (§6.6). `ingress: [{}]` is allow-all, not deny-all.
allow_all_rules(spec, dir) := {i |
	some i, rule in _list(object.get(spec, dir, []))
	is_object(rule)
	_empty(object.get(rule, "ports", null))
	_all_peers(rule, _peer_key[dir])
}

# METADATA
# title: Allows a direction
# description: A policy of these types that governs direction `dir` and allows everything in it.
allows_all(p, dir) if {
	_type_of[dir] in p.types
	count(allow_all_rules(p.spec, dir)) > 0
}

_type_of := {"ingress": "Ingress", "egress": "Egress"}

# ---------------------------------------------------------------------------------------
# DNS egress (§2.6 NET-007)
# ---------------------------------------------------------------------------------------

# What is known of the cluster DNS pods: EKS CoreDNS carries these labels (others unknown).
_dns_pod_labels := {"k8s-app": "kube-dns", "eks.amazonaws.com/component": "coredns"}

_dns_port_names := {"dns", "dns-udp", "domain"}

_protocol(port) := p if {
	p := port.protocol
	is_string(p)
} else := "TCP"

_port_allows_dns(port) if {
	is_object(port)
	_protocol(port) == "UDP"
	is_null(object.get(port, "port", null))
}

_port_allows_dns(port) if {
	is_object(port)
	_protocol(port) == "UDP"
	port.port == 53
}

_port_allows_dns(port) if {
	is_object(port)
	_protocol(port) == "UDP"
	is_number(port.port)
	is_number(port.endPort)
	port.port <= 53
	port.endPort >= 53
}

_port_allows_dns(port) if {
	is_object(port)
	_protocol(port) == "UDP"
	port.port in _dns_port_names
}

_ports_allow_dns(rule) if _empty(object.get(rule, "ports", null))

_ports_allow_dns(rule) if {
	some port in _list(rule.ports)
	_port_allows_dns(port)
}

_dns_namespace := "kube-system"

_peer_reaches_dns(_, peer) if {
	is_object(peer)
	is_object(peer.ipBlock)
}

_peer_reaches_dns(_, peer) if {
	is_object(peer)
	ns_sel := peer.namespaceSelector
	is_object(ns_sel)
	namespace_match(ns_sel, _dns_namespace) != "no"
	_dns_pods_match(object.get(peer, "podSelector", null))
}

_peer_reaches_dns(policy_ns, peer) if {
	is_object(peer)
	policy_ns == _dns_namespace
	is_null(object.get(peer, "namespaceSelector", null))
	_dns_pods_match(peer.podSelector)
}

_dns_pods_match(sel) if is_null(sel)

_dns_pods_match(sel) if match3(sel, _dns_pod_labels, {k | some k, _ in _dns_pod_labels}) != "no"

_rule_allows_dns(_, rule) if {
	is_object(rule)
	_ports_allow_dns(rule)
	_empty(object.get(rule, "to", null))
}

_rule_allows_dns(policy_ns, rule) if {
	is_object(rule)
	_ports_allow_dns(rule)
	some peer in _list(rule.to)
	_peer_reaches_dns(policy_ns, peer)
}

# METADATA
# title: Allows DNS egress
# description: >-
#   A policy with Egress in its types whose egress rules allow UDP port 53 (or a named DNS
#   port) towards the cluster DNS: no peers, an ipBlock, or kube-system's kube-dns pods.
allows_dns(p) if {
	"Egress" in p.types
	some rule in _list(object.get(p.spec, "egress", []))
	_rule_allows_dns(p.ns, rule)
}

# ---------------------------------------------------------------------------------------
# Named ports
# ---------------------------------------------------------------------------------------

# Names of the container ports a pod declares, with protocol.
_named_ports(pod) := {[port.name, _protocol(port)] |
	some c in k8s.containers(pod)
	some port in _list(c.container.ports)
	is_object(port)
	is_string(port.name)
}

# Named ports of ingress rules that the selected pod does not declare: that part of the rule
# allows nothing to this pod (a named port resolves against the target pod, §6.5).
_missing_named_ports(p, pod) := {name |
	"Ingress" in p.types
	declared := _named_ports(pod)
	some rule in _list(object.get(p.spec, "ingress", []))
	is_object(rule)
	some port in _list(object.get(rule, "ports", []))
	is_object(port)
	name := port.port
	is_string(name)
	not [name, _protocol(port)] in declared
}

# ---------------------------------------------------------------------------------------
# Workloads (§6.1) and their coverage (§6.7)
# ---------------------------------------------------------------------------------------

# METADATA
# title: Workloads
# description: >-
#   Every pod carrier (rules.md §0.3) by document id, with its namespace and pod-template
#   labels (never the workload's own labels or spec.selector).
_workloads_index[pod.doc.id] := {
	"pod": pod,
	"ns": pod.doc.namespace,
	"labels": _string_labels(object.get(pod.metadata, "labels", {})),
	"labels_path": array.concat(pod.metadata_path, ["labels"]),
} if {
	some pod in k8s.pods
	_k8s(pod.doc)
	is_string(pod.doc.namespace)
}

_workloads_by_ns_index[w.ns] contains id if some id, w in workloads

# METADATA
# title: Workloads of a namespace
# description: Ids of the pod carriers in a namespace.
workloads_in(ns) := object.get(_workloads_by_ns, ns, set())

# METADATA
# title: Host network
# description: A pod on the node's network, where NetworkPolicy is not enforced.
host_network(w) if w.pod.spec.hostNetwork == true

# Policies selecting each workload, computed once.
_selecting_index[id] := selecting(w.ns, w.labels) if some id, w in workloads

# METADATA
# title: Selecting policies of a workload
# description: Ids of the NetworkPolicies selecting a workload (by workload id).
selecting_policies(id) := _selecting[id]

_isolating(id, type) := {pid | some pid in _selecting[id]; type in policies[pid].types}

# ---------------------------------------------------------------------------------------
# Security groups for pods (§7) and the VPC CNI enforcing mode (NET-010)
# ---------------------------------------------------------------------------------------

# METADATA
# title: SecurityGroupPolicies
# description: Every SecurityGroupPolicy (vpcresources.k8s.aws) by document id.
_security_group_policies_index[doc.id] := {"doc": doc, "ns": doc.namespace, "spec": _spec(doc.object)} if {
	some doc in k8s.of_kind("SecurityGroupPolicy")
	_k8s(doc)
	k8s.group(doc.apiVersion) == "vpcresources.k8s.aws"
}

# METADATA
# title: Ignored SecurityGroupPolicy
# description: >-
#   Why the VPC resource controller silently ignores an SGP (both selectors null, or no
#   groupIds), as {path, message}; empty for a usable one (§7).
sgp_ignored(spec) := {{"path": ["spec"], "message": "sets neither podSelector nor serviceAccountSelector"} |
	is_null(object.get(spec, "podSelector", null))
	is_null(object.get(spec, "serviceAccountSelector", null))
} | {{"path": ["spec", "securityGroups", "groupIds"], "message": "has no spec.securityGroups.groupIds"} |
	not _non_empty_list(object.get(spec, ["securityGroups", "groupIds"], null))
}

_non_empty_list(x) if {
	is_array(x)
	count(x) > 0
}

_sgp_by_ns_index[s.ns] contains id if {
	some id, s in security_group_policies
	count(sgp_ignored(s.spec)) == 0
}

_service_accounts_index[[doc.namespace, doc.name]] := _string_labels(object.get(doc.object, ["metadata", "labels"], {})) if {
	some doc in k8s.of_kind("ServiceAccount")
	_k8s(doc)
	k8s.group(doc.apiVersion) == ""
}

_service_account_name(spec) := n if {
	n := spec.serviceAccountName
	is_string(n)
	n != ""
} else := n if {
	n := spec.serviceAccount
	is_string(n)
	n != ""
} else := "default"

# METADATA
# title: SecurityGroupPolicies of a workload
# description: >-
#   The usable SGPs of the workload's namespace that apply to it: podSelector (if set)
#   matches the pod labels AND serviceAccountSelector (if set) matches the labels of its
#   ServiceAccount (§7). Each {id, certain}: certain is false when the ServiceAccount is not
#   in the scan.
sgps_of(w) := {{"id": id, "certain": m == "yes"} |
	some id in object.get(_sgp_by_ns, w.ns, set())
	s := security_group_policies[id]
	_pod_part(object.get(s.spec, "podSelector", null), w.labels)
	m := _sa_part(object.get(s.spec, "serviceAccountSelector", null), w.ns, _service_account_name(w.pod.spec))
	m != "no"
}

_pod_part(sel, _) if is_null(sel)

_pod_part(sel, labels) if matches(sel, labels)

_sa_part(sel, _, _) := "yes" if is_null(sel)

_sa_part(sel, ns, name) := "yes" if {
	not is_null(sel)
	matches(sel, _service_accounts[[ns, name]])
}

_sa_part(sel, ns, name) := "no" if {
	not is_null(sel)
	labels := _service_accounts[[ns, name]]
	not matches(sel, labels)
}

_sa_part(sel, ns, name) := "unknown" if {
	not is_null(sel)
	not _service_accounts[[ns, name]]
}

# METADATA
# title: Security-groups-for-pods enforcing mode
# description: >-
#   "strict", "standard" or "unknown": the VPC CNI's POD_SECURITY_GROUP_ENFORCING_MODE, from the
#   evidence EKS-NET-010 collects (aws-node DaemonSet env; the Terraform part adds the add-on).
#   In strict mode (the default) NetworkPolicy does not govern SGP-matched pods.
sgp_mode := "strict" if {
	some e in data.eks.rules.net.sgp_enforcing_mode.mode_evidence
	e.mode != "standard"
} else := "standard" if {
	some e in data.eks.rules.net.sgp_enforcing_mode.mode_evidence
	e.mode == "standard"
} else := "unknown"

# ---------------------------------------------------------------------------------------
# The record per workload (§6.7) and per namespace
# ---------------------------------------------------------------------------------------

_names(ids) := sort([policies[id].name | some id in ids])

_sgp_names(matched) := sort([security_group_policies[m.id].doc.name | some m in matched])

_strict_sgp(matched) if {
	sgp_mode == "strict"
	some m in matched
	m.certain
}

_isolated(id, w, type, matched) if {
	count(_isolating(id, type)) > 0
	not host_network(w)
	not _strict_sgp(matched)
} else := false

_any_allows_all(ids, dir) if {
	some pid in ids
	allows_all(policies[pid], dir)
} else := false

_dns_allowed(id) if {
	count(_isolating(id, "Egress")) == 0
} else if {
	some pid in _selecting[id]
	allows_dns(policies[pid])
} else := false

_host_network_bool(w) if host_network(w)

else := false

_exempt_bool(ns) if exempt(ns)

else := false

_authoritative_bool(ns) if authoritative(ns)

else := false

_in_scan_bool(ns) if namespace_in_scan(ns)

else := false

_workload_notes(id, w, matched) := (((({n |
	host_network(w)
	n := "hostNetwork: NetworkPolicy is not enforced on host-network pods"
} | {n |
	_strict_sgp(matched)
	n := sprintf("matched by SecurityGroupPolicy %s with POD_SECURITY_GROUP_ENFORCING_MODE=strict: NetworkPolicy does not apply", [concat(", ", _sgp_names(matched))])
}) | {n |
	some m in matched
	not m.certain
	n := sprintf("SecurityGroupPolicy %s applies if the ServiceAccount's labels match (the ServiceAccount is not in the scan)", [security_group_policies[m.id].doc.name])
}) | {n |
	some pid in _selecting[id]
	p := policies[pid]
	not is_array(object.get(p.spec, "policyTypes", null))
	count(_list(object.get(p.spec, "egress", []))) > 0
	n := sprintf("policy %s has egress rules and no policyTypes: it isolates ingress too (allowing none it does not list)", [p.name])
}) | {n |
	some pid in _selecting[id]
	p := policies[pid]
	not is_array(object.get(p.spec, "policyTypes", null))
	p.spec.egress == []
	n := sprintf("policy %s sets egress: [] without policyTypes: it does not isolate egress", [p.name])
}) | {n |
	some pid in _selecting[id]
	p := policies[pid]
	some name in _missing_named_ports(p, w.pod)
	n := sprintf("policy %s allows ingress on named port %s, which no container of this pod declares", [p.name, name])
}

# METADATA
# title: Coverage of a workload
# description: >-
#   The record of rules.md §6.7 for one workload: isolation per direction, the policies that
#   select it, allow-all and DNS egress, and notes (host network, strict-mode SGPs, traps).
#   EKS-NET-004/005/006/007 and the coverage report are projections of it.
_workload_coverage_index[id] := {
	"doc": id,
	"kind": w.pod.doc.kind,
	"namespace": w.ns,
	"name": w.pod.doc.name,
	"path": w.labels_path,
	"ingressIsolated": _isolated(id, w, "Ingress", matched),
	"egressIsolated": _isolated(id, w, "Egress", matched),
	"selectingPolicies": _names(_selecting[id]),
	"ingressPolicies": _names(_isolating(id, "Ingress")),
	"egressPolicies": _names(_isolating(id, "Egress")),
	"allowAllIngress": _any_allows_all(_isolating(id, "Ingress"), "ingress"),
	"allowAllEgress": _any_allows_all(_isolating(id, "Egress"), "egress"),
	"dnsEgressAllowed": _dns_allowed(id),
	"hostNetwork": _host_network_bool(w),
	"securityGroupPolicies": _sgp_names(matched),
	"exempt": _exempt_bool(w.ns),
	"authoritative": _authoritative_bool(w.ns),
	"notes": sort([n | some n in _workload_notes(id, w, matched)]),
} if {
	some id, w in workloads
	matched := sgps_of(w)
}

# METADATA
# title: Whether a workload is isolated
# description: >-
#   The record's ingressIsolated or egressIsolated (`type` "Ingress" or "Egress") for workload
#   `id` alone: a rule that needs one field of the record asks for that field, since OPA
#   builds the whole record (names sorted, notes formatted) for every workload otherwise.
workload_isolated(id, type) if {
	w := workloads[id]
	_isolated(id, w, type, sgps_of(w))
}

# METADATA
# title: Policies isolating a workload
# description: The record's ingressPolicies or egressPolicies (`type` "Ingress" or "Egress") for workload `id` alone.
workload_isolating_names(id, type) := _names(_isolating(id, type))

# METADATA
# title: SecurityGroupPolicies of a workload
# description: The record's securityGroupPolicies for workload `id` alone.
workload_sgp_names(id) := _sgp_names(sgps_of(workloads[id]))

# METADATA
# title: Whether a workload may reach DNS
# description: The record's dnsEgressAllowed for workload `id` alone.
workload_dns_allowed(id) if _dns_allowed(id)

# METADATA
# title: Coverage of a namespace
# description: >-
#   Per namespace: whether it is exempt or authoritative, its NetworkPolicies, the
#   default-deny policies per direction and the namespace-wide allow-all policies.
_namespace_coverage_index[ns] := {
	"name": ns,
	"inScan": _in_scan_bool(ns),
	"exempt": _exempt_bool(ns),
	"authoritative": _authoritative_bool(ns),
	"policies": _names(object.get(_policies_by_ns, ns, set())),
	"workloads": count(workloads_in(ns)),
	"defaultDenyIngress": _names(object.get(default_deny_ingress, ns, set())),
	"defaultDenyEgress": _names(object.get(default_deny_egress, ns, set())),
	"allowAllIngress": _names(namespace_allow_all(ns, "ingress")),
	"allowAllEgress": _names(namespace_allow_all(ns, "egress")),
} if some ns in namespaces

# METADATA
# title: Namespace-wide allow-all policies
# description: >-
#   Policies with an empty podSelector and an allow-all rule for `dir`: they void the
#   namespace's default-deny in that direction (§6.6).
namespace_allow_all(ns, dir) := {id |
	some id in object.get(_policies_by_ns, ns, set())
	p := policies[id]
	p.valid
	p.empty_selector
	allows_all(p, dir)
}

# ---------------------------------------------------------------------------------------
# Findings
# ---------------------------------------------------------------------------------------

# METADATA
# title: Finding with overrides
# description: >-
#   A finding (data.eks.lib.result.new) with a severity and/or mode override, e.g. the
#   info "not evaluable" findings of a partial bundle (rules.md §10).
finding(rule, doc, path, message, overrides) := object.union(
	{"rule": rule, "doc": doc.id, "path": path, "message": message},
	overrides,
)

# METADATA
# title: Workload description
# description: How a message names a workload, e.g. `Deployment shop/checkout`.
describe(w) := sprintf("%s %s/%s", [w.pod.doc.kind, w.ns, w.pod.doc.name])

# METADATA
# title: Checked namespaces
# description: The namespaces of the scan that are not exempt (config namespaces.system).
checked_namespaces := {ns | some ns in namespaces; not exempt(ns)}

# METADATA
# title: Policies of a namespace
# description: Ids of the NetworkPolicies in a namespace.
policies_in(ns) := object.get(_policies_by_ns, ns, set())

# METADATA
# title: Finding in a namespace
# description: >-
#   A finding about something the scan may not hold in full (rules.md §10): as the rule
#   reports it where the scan is authoritative for the namespace, else severity info and
#   the message prefixed "not evaluable", since the missing object may live elsewhere.
scoped_finding(rule, doc, path, message, ns) := finding(rule, doc, path, message, {}) if {
	authoritative(ns)
} else := finding(
	rule, doc, path,
	concat("", ["not evaluable (the scan is not authoritative for namespace ", ns, "): ", message]),
	{"severity": "info"},
)

# METADATA
# title: Finding about a namespace
# description: scoped_finding at the namespace's anchor (its Namespace object, or its first object).
namespace_finding(rule, ns, message) := scoped_finding(rule, a.doc, a.path, message, ns) if {
	a := namespace_anchor(ns)
}

# METADATA
# title: Labels as text
# description: A label set as `k=v,k2=v2`, sorted, for messages.
labels_text(labels) := concat(",", sort([concat("=", [k, v]) | some k, v in labels])) if {
	count(labels) > 0
} else := "no labels"

# METADATA
# title: Has NetworkPolicies
# description: >-
#   The namespace has at least one NetworkPolicy in the scan. Where the scan is not
#   authoritative and it has none, EKS-NET-001 alone says so (the rest would repeat it).
has_policies(ns) if count(policies_in(ns)) > 0

# METADATA
# title: Rules of a direction
# description: spec.ingress or spec.egress as a list ([] when absent, null or ill-typed).
rules_of(spec, dir) := _list(object.get(spec, dir, []))

# METADATA
# title: As a list
# description: x when it is an array, else [] (for ill-typed or absent fields).
as_list(x) := _list(x)

# ---------------------------------------------------------------------------------------
# Indexes, materialised once
# ---------------------------------------------------------------------------------------

# Each partial rule above is read through a complete rule that holds its whole value, so a
# lookup by key is a map lookup in every evaluator (OPA's Go evaluator, used by `opa test`,
# would otherwise evaluate the partial rule's body again for every key it is asked for).

_namespace_ids := _namespace_ids_index

# The engine builds this index while it serialises the scan (src/evaluate/input.ts
# namespaceIndex): lists of ids, where the computed index holds sets; both are read by key and
# with min() only.
_namespaced_ids := input.shared.namespaced if {
	is_object(input.shared.namespaced)
} else := _namespaced_ids_index

# METADATA
# title: Namespaced documents (computed)
# description: >-
#   The ids of the Kubernetes documents of each namespace, computed from the scan (the engine
#   hands them in as `input.shared.namespaced`, lib/shared.rego).
computed_namespaced_ids := _namespaced_ids_index

policies := _policies_index

_policies_by_ns := _policies_by_ns_index

_keyed := _keyed_index

_select_all := _select_all_index

_unkeyed := _unkeyed_index

default_deny_ingress := _default_deny_ingress_index

default_deny_egress := _default_deny_egress_index

workloads := _workloads_index

_workloads_by_ns := _workloads_by_ns_index

_selecting := _selecting_index

security_group_policies := _security_group_policies_index

_sgp_by_ns := _sgp_by_ns_index

_service_accounts := _service_accounts_index

workload_coverage := _workload_coverage_index

namespace_coverage := _namespace_coverage_index

# METADATA
# title: Hint on policies that select every pod
# description: >-
#   "; policy a selects every pod but <one>" for one name, "; policies a, b select every pod
#   but <many>" for several (sorted), so a hint about several policies is one value.
every_pod_hint(names, one, _) := sprintf("; policy %s selects every pod but %s", [name, one]) if {
	count(names) == 1
	some name in names
}

every_pod_hint(names, _, many) := sprintf("; policies %s select every pod but %s", [concat(", ", sort(names)), many]) if {
	count(names) > 1
}

# METADATA
# title: Policies selecting every pod
# description: The valid NetworkPolicies of a namespace whose podSelector selects every pod.
every_pod_policies(ns) := [p |
	some id in policies_in(ns)
	p := policies[id]
	p.valid
	p.empty_selector
]
