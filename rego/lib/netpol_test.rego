package eks.lib.netpol_test

import data.eks.lib.netpol
import data.eks.test.fixtures

# --- LabelSelector (rules.md §6.2) ------------------------------------------------------

test_match_labels_exact_and_case_sensitive if {
	netpol.matches({"matchLabels": {"app": "web"}}, {"app": "web", "tier": "x"})
	not netpol.matches({"matchLabels": {"app": "web"}}, {"app": "Web"})
	not netpol.matches({"matchLabels": {"app": "web"}}, {"App": "web"})
	not netpol.matches({"matchLabels": {"app": "web", "tier": "db"}}, {"app": "web"})
}

test_in if {
	sel := {"matchExpressions": [{"key": "env", "operator": "In", "values": ["prod", "stage"]}]}
	netpol.matches(sel, {"env": "prod"})
	not netpol.matches(sel, {"env": "dev"})
	not netpol.matches(sel, {})
}

test_not_in_matches_a_missing_key if {
	sel := {"matchExpressions": [{"key": "env", "operator": "NotIn", "values": ["prod"]}]}
	netpol.matches(sel, {})
	netpol.matches(sel, {"app": "x"})
	netpol.matches(sel, {"env": "dev"})
	not netpol.matches(sel, {"env": "prod"})
}

test_exists_and_does_not_exist if {
	exists := {"matchExpressions": [{"key": "quarantine", "operator": "Exists"}]}
	absent := {"matchExpressions": [{"key": "quarantine", "operator": "DoesNotExist"}]}
	netpol.matches(exists, {"quarantine": ""})
	not netpol.matches(exists, {"app": "x"})
	netpol.matches(absent, {"app": "x"})
	not netpol.matches(absent, {"quarantine": "true"})
}

test_requirements_are_anded if {
	sel := {
		"matchLabels": {"app": "web"},
		"matchExpressions": [{"key": "env", "operator": "In", "values": ["prod"]}],
	}
	netpol.matches(sel, {"app": "web", "env": "prod"})
	not netpol.matches(sel, {"app": "web", "env": "dev"})
	not netpol.matches(sel, {"app": "api", "env": "prod"})
}

test_matchexpressions_are_not_match_all if {
	# The peer bug: treating a selector with only matchExpressions as {}.
	sel := {"matchExpressions": [{"key": "app", "operator": "In", "values": ["web"]}]}
	not netpol.empty_selector(sel)
	not netpol.matches(sel, {"app": "api"})
}

test_empty_selector_matches_everything if {
	netpol.matches({}, {})
	netpol.matches({}, {"app": "x"})
	netpol.matches({"matchLabels": {}, "matchExpressions": []}, {"a": "b"})
	netpol.matches({"matchLabels": null}, {"a": "b"})
	netpol.empty_selector({})
	netpol.empty_selector({"matchLabels": null, "matchExpressions": []})
	not netpol.empty_selector(null)
}

test_invalid_selectors_match_nothing if {
	not netpol.matches({"matchExpressions": [{"key": "a", "operator": "In", "values": []}]}, {"a": "b"})
	not netpol.matches({"matchExpressions": [{"key": "a", "operator": "Exists", "values": ["x"]}]}, {"a": "b"})
	not netpol.matches({"matchExpressions": [{"key": "a", "operator": "Like", "values": ["x"]}]}, {"a": "x"})
	not netpol.matches({"matchLabels": {"a": 1}}, {"a": "1"})
	not netpol.matches("x", {})
	netpol.selector_problems({"matchExpressions": [{"key": "a", "operator": "In"}]}) == {"matchExpressions[0] is invalid (operator In needs a non-empty list of string values)"}
	netpol.selector_problems({"matchExpressions": [{"key": "a", "operator": "Gt", "values": ["1"]}]}) == {"matchExpressions[0] is invalid (operator must be In, NotIn, Exists or DoesNotExist)"}
	netpol.selector_problems(null) == set()
	netpol.selector_problems({}) == set()
}

test_match3_with_partly_known_labels if {
	known := {"kubernetes.io/metadata.name"}
	labels := {"kubernetes.io/metadata.name": "kube-system"}
	netpol.match3({"matchLabels": {"kubernetes.io/metadata.name": "kube-system"}}, labels, known) == "yes"
	netpol.match3({"matchLabels": {"kubernetes.io/metadata.name": "default"}}, labels, known) == "no"
	netpol.match3({"matchLabels": {"team": "x"}}, labels, known) == "unknown"
	netpol.match3({"matchExpressions": [{"key": "team", "operator": "DoesNotExist"}]}, labels, known) == "unknown"
	netpol.match3({}, labels, known) == "yes"
}

# --- Namespaces (§6.1) ------------------------------------------------------------------

test_implicit_namespace_label if {
	inp := fixtures.input_of([fixtures.namespace("shop", {"team": "a"})])
	netpol.namespace_labels("shop") == {"team": "a", "kubernetes.io/metadata.name": "shop"} with input as inp
	netpol.namespace_labels("other") == {"kubernetes.io/metadata.name": "other"} with input as inp
	netpol.namespace_match({"matchLabels": {"team": "a"}}, "shop") == "yes" with input as inp
	netpol.namespace_match({"matchLabels": {"team": "b"}}, "shop") == "no" with input as inp
	netpol.namespace_match({"matchLabels": {"team": "a"}}, "other") == "unknown" with input as inp
	netpol.namespace_match({"matchLabels": {"kubernetes.io/metadata.name": "other"}}, "other") == "yes" with input as inp
}

test_namespaces_union_objects_and_references if {
	inp := fixtures.input_of([
		fixtures.namespace("a", {}),
		{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "c", "namespace": "b"}},
		{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "d"}},
	])
	netpol.namespaces == {"a", "b", "default"} with input as inp
}

test_authoritative if {
	inp := fixtures.input_of([fixtures.namespace("a", {}), _deploy("b", "web", {"app": "web"})])
	netpol.authoritative("a") with input as inp
	not netpol.authoritative("b") with input as inp
	all := object.union(fixtures.default_context, {"namespaces": {"system": [], "authoritative": "all"}})
	netpol.authoritative("b") with input as fixtures.input_with(inp.documents, all)
	globbed := object.union(fixtures.default_context, {"namespaces": {"system": [], "authoritative": ["team-*"]}})
	netpol.authoritative("team-x") with input as fixtures.input_with([], globbed)
	not netpol.authoritative("a") with input as fixtures.input_with(inp.documents, globbed)
}

# --- Policies, types and selection (§6.3) -----------------------------------------------

_deploy(ns, name, labels) := {
	"apiVersion": "apps/v1", "kind": "Deployment",
	"metadata": {"name": name, "namespace": ns, "labels": {"owner-label": "not-used"}},
	"spec": {
		"selector": {"matchLabels": {"selector-label": "not-used"}},
		"template": {"metadata": {"labels": labels}, "spec": {"containers": [{"name": "c", "image": "x"}]}},
	},
}

_np(ns, name, spec) := {"apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy", "metadata": {"name": name, "namespace": ns}, "spec": spec}

_coverage(objects) := {c.name: c | some c in cov} if {
	cov := netpol.workload_coverage with input as fixtures.input_of(objects)
}

test_policy_types_defaults if {
	netpol.policy_types({}) == {"Ingress"}
	netpol.policy_types({"ingress": [{}]}) == {"Ingress"}
	netpol.policy_types({"egress": [{}]}) == {"Ingress", "Egress"}
	netpol.policy_types({"egress": []}) == {"Ingress"}
	netpol.policy_types({"policyTypes": ["Egress"], "egress": []}) == {"Egress"}
	netpol.policy_types({"policyTypes": [], "egress": [{}]}) == {"Ingress", "Egress"}
	netpol.policy_types({"spec": "x"}) == {"Ingress"}
}

test_egress_only_policy_without_policy_types_also_isolates_ingress if {
	cov := _coverage([
		_deploy("shop", "web", {"app": "web"}),
		_np("shop", "egress-only", {"podSelector": {"matchLabels": {"app": "web"}}, "egress": [{"to": [{"ipBlock": {"cidr": "10.0.0.0/8"}}]}]}),
	])
	cov.web.ingressIsolated
	cov.web.egressIsolated
	cov.web.ingressPolicies == ["egress-only"]
	some n in cov.web.notes
	contains(n, "isolates ingress too")
}

test_egress_empty_list_without_policy_types_does_not_isolate_egress if {
	cov := _coverage([
		_deploy("shop", "web", {"app": "web"}),
		_np("shop", "deny", {"podSelector": {}, "egress": []}),
	])
	cov.web.ingressIsolated
	not cov.web.egressIsolated
	some n in cov.web.notes
	contains(n, "does not isolate egress")
}

test_ingress_allow_all_rule_is_not_deny_all if {
	objects := [
		_deploy("shop", "web", {"app": "web"}),
		_np("shop", "open", {"podSelector": {}, "ingress": [{}]}),
	]
	cov := _coverage(objects)
	cov.web.ingressIsolated
	cov.web.allowAllIngress
	count(netpol.default_deny_ingress) == 0 with input as fixtures.input_of(objects)
	netpol.namespace_coverage.shop.allowAllIngress == ["open"] with input as fixtures.input_of(objects)
}

test_null_pod_selector_from_helm_selects_all if {
	objects := [
		_deploy("shop", "web", {"app": "web"}),
		_deploy("shop", "api", {}),
		_np("shop", "deny", {"podSelector": null, "policyTypes": ["Ingress", "Egress"]}),
	]
	cov := _coverage(objects)
	cov.web.ingressIsolated
	cov.api.egressIsolated
	netpol.default_deny_ingress == {"shop": {2}} with input as fixtures.input_of(objects)
	netpol.default_deny_egress == {"shop": {2}} with input as fixtures.input_of(objects)
}

test_omitted_pod_selector_selects_all if {
	cov := _coverage([_deploy("shop", "web", {"app": "web"}), _np("shop", "deny", {"policyTypes": ["Ingress"]})])
	cov.web.ingressIsolated
	not cov.web.egressIsolated
}

test_policy_in_another_namespace_does_not_select if {
	objects := [
		_deploy("shop", "web", {"app": "web"}),
		_np("other", "deny", {"podSelector": {}, "policyTypes": ["Ingress", "Egress"]}),
		_np("other", "web", {"podSelector": {"matchLabels": {"app": "web"}}, "policyTypes": ["Ingress"]}),
	]
	cov := _coverage(objects)
	not cov.web.ingressIsolated
	not cov.web.egressIsolated
	cov.web.selectingPolicies == []
}

test_cronjob_template_labels if {
	cronjob := {
		"apiVersion": "batch/v1", "kind": "CronJob",
		"metadata": {"name": "report", "namespace": "shop", "labels": {"app": "wrong"}},
		"spec": {"schedule": "@daily", "jobTemplate": {
			"metadata": {"labels": {"app": "also-wrong"}},
			"spec": {"template": {"metadata": {"labels": {"app": "report"}}, "spec": {"containers": [{"name": "c"}]}}},
		}},
	}
	objects := [
		cronjob,
		_np("shop", "report", {"podSelector": {"matchLabels": {"app": "report"}}, "policyTypes": ["Ingress"]}),
		_np("shop", "wrong", {"podSelector": {"matchLabels": {"app": "wrong"}}, "policyTypes": ["Egress"]}),
	]
	cov := _coverage(objects)
	cov.report.ingressIsolated
	not cov.report.egressIsolated
	cov.report.selectingPolicies == ["report"]
	cov.report.path == ["spec", "jobTemplate", "spec", "template", "metadata", "labels"]
}

test_workload_own_labels_and_selector_are_not_used if {
	cov := _coverage([
		_deploy("shop", "web", {"app": "web"}),
		_np("shop", "a", {"podSelector": {"matchLabels": {"owner-label": "not-used"}}}),
		_np("shop", "b", {"podSelector": {"matchLabels": {"selector-label": "not-used"}}}),
	])
	cov.web.selectingPolicies == []
}

test_not_in_policy_selects_pods_without_the_key if {
	cov := _coverage([
		_deploy("shop", "web", {"app": "web"}),
		_deploy("shop", "db", {"app": "db", "tier": "db"}),
		_np("shop", "not-db", {"podSelector": {"matchExpressions": [{"key": "tier", "operator": "NotIn", "values": ["db"]}]}}),
	])
	cov.web.ingressIsolated
	not cov.db.ingressIsolated
}

test_in_and_match_labels_index if {
	cov := _coverage([
		_deploy("shop", "web", {"app": "web", "env": "prod"}),
		_deploy("shop", "api", {"app": "api", "env": "dev"}),
		_np("shop", "in", {"podSelector": {"matchExpressions": [{"key": "env", "operator": "In", "values": ["prod", "stage"]}]}}),
		_np("shop", "both", {"podSelector": {"matchLabels": {"app": "api", "env": "dev"}}, "policyTypes": ["Egress"]}),
	])
	cov.web.selectingPolicies == ["in"]
	cov.api.selectingPolicies == ["both"]
	cov.api.egressIsolated
	not cov.api.ingressIsolated
}

test_invalid_policy_selects_nothing if {
	objects := [
		_deploy("shop", "web", {"app": "web"}),
		_np("shop", "bad", {"podSelector": {"matchExpressions": [{"key": "app", "operator": "In", "values": []}]}}),
		_np("shop", "bad-peer", {"podSelector": {}, "ingress": [{"from": [{"podSelector": {"matchExpressions": [{"key": "a", "operator": "Exists", "values": ["x"]}]}}]}]}),
	]
	cov := _coverage(objects)
	cov.web.selectingPolicies == []
	problems := netpol.policy_problems(objects[2])
	problems == {{
		"path": ["spec", "ingress", 0, "from", 0, "podSelector"],
		"message": "spec.ingress[0].from[0].podSelector matchExpressions[0] is invalid (operator Exists takes no values)",
	}}
}

test_host_network_is_not_covered if {
	host := json.patch(_deploy("shop", "agent", {"app": "agent"}), [{"op": "add", "path": "/spec/template/spec/hostNetwork", "value": true}])
	cov := _coverage([host, _np("shop", "deny", {"podSelector": {}, "policyTypes": ["Ingress", "Egress"]})])
	cov.agent.hostNetwork
	not cov.agent.ingressIsolated
	not cov.agent.egressIsolated
	cov.agent.selectingPolicies == ["deny"]
	some n in cov.agent.notes
	startswith(n, "hostNetwork")
}

test_wrong_types_do_not_error if {
	objects := [
		{"apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy", "metadata": {"name": "a", "namespace": "s"}, "spec": "x"},
		{"apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy", "metadata": {"name": "b", "namespace": "s"}, "spec": {"podSelector": 7, "ingress": "x", "egress": [7, {"to": "y"}, {"to": [3, {}]}]}},
		{"apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy", "metadata": {"name": "c", "namespace": "s"}, "spec": {"podSelector": {"matchLabels": "x", "matchExpressions": [1]}}},
		{"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "w", "namespace": "s"}, "spec": {"template": {"metadata": {"labels": "x"}, "spec": {"containers": 1}}}},
	]
	cov := _coverage(objects)
	cov.w.selectingPolicies == []
	every i in [0, 1, 2] {
		netpol.policies[i].valid == false with input as fixtures.input_of(objects)
	}
	netpol.policy_problems(objects[0]) == {{"path": ["spec"], "message": "spec must be a map"}}
	{p.message | some p in netpol.policy_problems(objects[1])} == {
		"spec.podSelector is not a map",
		"spec.ingress must be a list",
		"spec.egress[0] must be a map",
		"spec.egress[1].to must be a list",
		"spec.egress[2].to[0] must be a map",
		"spec.egress[2].to[1] must set podSelector, namespaceSelector or ipBlock",
	}
	{p.message | some p in netpol.policy_problems(objects[2])} == {
		"spec.podSelector matchLabels must map keys to string values",
		"spec.podSelector matchExpressions[0] is invalid (not a map)",
	}
}

# --- Default deny, allow-all, peers (§6.4-6.6) ------------------------------------------

test_default_deny_detection if {
	objects := [
		_np("a", "deny-in", {"podSelector": {}}),
		_np("b", "deny-both", {"podSelector": {}, "policyTypes": ["Ingress", "Egress"], "ingress": [], "egress": []}),
		_np("c", "selective", {"podSelector": {"matchLabels": {"app": "x"}}, "policyTypes": ["Ingress", "Egress"]}),
		_np("d", "has-rules", {"podSelector": {}, "policyTypes": ["Ingress", "Egress"], "ingress": [{"from": [{"podSelector": {}}]}]}),
		_np("e", "implicit-egress", {"podSelector": {}, "egress": []}),
	]
	netpol.default_deny_ingress == {"a": {0}, "b": {1}, "e": {4}} with input as fixtures.input_of(objects)
	netpol.default_deny_egress == {"b": {1}, "d": {3}} with input as fixtures.input_of(objects)
}

test_allow_all_rules if {
	netpol.allow_all_rules({"ingress": [{}]}, "ingress") == {0}
	netpol.allow_all_rules({"ingress": [{"from": []}]}, "ingress") == {0}
	netpol.allow_all_rules({"ingress": [{"ports": [{"port": 80}]}]}, "ingress") == set()
	netpol.allow_all_rules({"ingress": [{"from": [{"namespaceSelector": {}}]}]}, "ingress") == {0}
	netpol.allow_all_rules({"ingress": [{"from": [{"namespaceSelector": {}, "podSelector": {}}]}]}, "ingress") == {0}
	netpol.allow_all_rules({"egress": [{"to": [{"ipBlock": {"cidr": "0.0.0.0/0"}}]}]}, "egress") == {0}
	netpol.allow_all_rules({"egress": [{"to": [{"ipBlock": {"cidr": "::/0", "except": []}}]}]}, "egress") == {0}
	netpol.allow_all_rules({"egress": [{"to": [{"ipBlock": {"cidr": "0.0.0.0/0", "except": ["169.254.169.254/32"]}}]}]}, "egress") == set()
	netpol.allow_all_rules({"egress": [{"to": [{"ipBlock": {"cidr": "0.0.0.0/0"}}], "ports": [{"port": 443}]}]}, "egress") == set()
}

test_and_vs_or_peers if {
	# One element: pods labelled app=db in namespaces labelled team=a (AND).
	and_rule := {"from": [{"namespaceSelector": {}, "podSelector": {"matchLabels": {"app": "db"}}}]}

	# Two elements: every pod of every namespace, or app=db pods here (OR).
	or_rule := {"from": [{"namespaceSelector": {}}, {"podSelector": {"matchLabels": {"app": "db"}}}]}
	netpol.allow_all_rules({"ingress": [and_rule]}, "ingress") == set()
	netpol.allow_all_rules({"ingress": [or_rule]}, "ingress") == {0}
}

test_namespace_selector_null_is_absent if {
	netpol.allow_all_rules({"ingress": [{"from": [{"namespaceSelector": null, "podSelector": {"matchLabels": {"a": "b"}}}]}]}, "ingress") == set()
}

# --- DNS egress ---------------------------------------------------------------------------

_dns_policy(to, ports) := _np("shop", "dns", {"podSelector": {}, "policyTypes": ["Egress"], "egress": [{"to": to, "ports": ports}]})

_dns_ok(np) := c.dnsEgressAllowed if {
	c := _coverage([_deploy("shop", "web", {"app": "web"}), np]).web
}

test_dns_egress if {
	udp := [{"port": 53, "protocol": "UDP"}, {"port": 53, "protocol": "TCP"}]
	kube_dns := {"namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": "kube-system"}}, "podSelector": {"matchLabels": {"k8s-app": "kube-dns"}}}
	_dns_ok(_dns_policy([kube_dns], udp))
	_dns_ok(_dns_policy([], [{"port": 53, "protocol": "UDP"}]))
	_dns_ok(_dns_policy([kube_dns], [{"port": "dns", "protocol": "UDP"}]))
	_dns_ok(_dns_policy([kube_dns], [{"port": 50, "endPort": 60, "protocol": "UDP"}]))
	_dns_ok(_dns_policy([{"ipBlock": {"cidr": "169.254.20.10/32"}}], udp))
	_dns_ok(_dns_policy([{"namespaceSelector": {"matchLabels": {"team": "platform"}}}], udp))
	not _dns_ok(_dns_policy([kube_dns], [{"port": 53}]))
	not _dns_ok(_dns_policy([{"podSelector": {"matchLabels": {"k8s-app": "kube-dns"}}}], udp))
	not _dns_ok(_dns_policy([{"namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": "default"}}}], udp))
	not _dns_ok(_dns_policy([{"namespaceSelector": {}, "podSelector": {"matchLabels": {"k8s-app": "other"}}}], udp))
	not _dns_ok(_np("shop", "deny", {"podSelector": {}, "policyTypes": ["Egress"]}))
	_dns_ok(_np("shop", "deny", {"podSelector": {}, "policyTypes": ["Ingress"]}))
}

# --- Named ports ---------------------------------------------------------------------------

test_named_port_not_declared if {
	web := json.patch(_deploy("shop", "web", {"app": "web"}), [{"op": "add", "path": "/spec/template/spec/containers/0/ports", "value": [{"name": "http", "containerPort": 8080}]}])
	cov := _coverage([web, _np("shop", "p", {"podSelector": {}, "ingress": [{"ports": [{"port": "http"}, {"port": "metrics"}, {"port": "http", "protocol": "UDP"}]}]})])
	[n | some n in cov.web.notes; contains(n, "named port")] == [
		"policy p allows ingress on named port http, which no container of this pod declares",
		"policy p allows ingress on named port metrics, which no container of this pod declares",
	]
}

# --- Security groups for pods (§7) -------------------------------------------------------

_sgp(ns, name, spec) := {"apiVersion": "vpcresources.k8s.aws/v1beta1", "kind": "SecurityGroupPolicy", "metadata": {"name": name, "namespace": ns}, "spec": spec}

_sa(ns, name, labels) := {"apiVersion": "v1", "kind": "ServiceAccount", "metadata": {"name": name, "namespace": ns, "labels": labels}}

test_sgp_matching if {
	web := json.patch(_deploy("shop", "web", {"app": "web"}), [{"op": "add", "path": "/spec/template/spec/serviceAccountName", "value": "web"}])
	groups := {"securityGroups": {"groupIds": ["sg-1"]}}
	objects := [
		web,
		_sa("shop", "web", {"role": "frontend"}),
		_sgp("shop", "pod-only", object.union(groups, {"podSelector": {"matchLabels": {"app": "web"}}})),
		_sgp("shop", "both-match", object.union(groups, {"podSelector": {"matchLabels": {"app": "web"}}, "serviceAccountSelector": {"matchLabels": {"role": "frontend"}}})),
		_sgp("shop", "sa-mismatch", object.union(groups, {"podSelector": {"matchLabels": {"app": "web"}}, "serviceAccountSelector": {"matchLabels": {"role": "db"}}})),
		_sgp("shop", "all", object.union(groups, {"podSelector": {}})),
		_sgp("shop", "no-groups", {"podSelector": {}}),
		_sgp("shop", "no-selectors", groups),
		_sgp("other", "elsewhere", object.union(groups, {"podSelector": {}})),
	]
	cov := _coverage(objects)
	cov.web.securityGroupPolicies == ["all", "both-match", "pod-only"]
}

test_sgp_unknown_service_account if {
	objects := [
		_deploy("shop", "web", {"app": "web"}),
		_sgp("shop", "sa", {"serviceAccountSelector": {"matchLabels": {"role": "x"}}, "securityGroups": {"groupIds": ["sg-1"]}}),
	]
	cov := _coverage(objects)
	cov.web.securityGroupPolicies == ["sa"]
	some n in cov.web.notes
	contains(n, "ServiceAccount is not in the scan")
}

test_sgp_ignored if {
	netpol.sgp_ignored({}) == {
		{"path": ["spec"], "message": "sets neither podSelector nor serviceAccountSelector"},
		{"path": ["spec", "securityGroups", "groupIds"], "message": "has no spec.securityGroups.groupIds"},
	}
	netpol.sgp_ignored({"podSelector": {}, "securityGroups": {"groupIds": ["sg-1"]}}) == set()
	netpol.sgp_ignored({"serviceAccountSelector": {}, "securityGroups": {"groupIds": []}}) == {{"path": ["spec", "securityGroups", "groupIds"], "message": "has no spec.securityGroups.groupIds"}}
}

# --- One field of the record (the rules that need one field ask for it alone) ------------

_field_view(id) := {
	"ingressIsolated": count({1 | netpol.workload_isolated(id, "Ingress")}) == 1,
	"egressIsolated": count({1 | netpol.workload_isolated(id, "Egress")}) == 1,
	"ingressPolicies": netpol.workload_isolating_names(id, "Ingress"),
	"egressPolicies": netpol.workload_isolating_names(id, "Egress"),
	"securityGroupPolicies": netpol.workload_sgp_names(id),
	"dnsEgressAllowed": count({1 | netpol.workload_dns_allowed(id)}) == 1,
}

test_workload_fields_agree_with_the_record if {
	scan := fixtures.input_of([
		_deploy("shop", "web", {"app": "web"}),
		_deploy("shop", "db", {"app": "db"}),
		_deploy("open", "api", {"app": "api"}),
		_np("shop", "deny-all", {"podSelector": {}, "policyTypes": ["Ingress", "Egress"]}),
		_np("shop", "dns", {
			"podSelector": {"matchLabels": {"app": "web"}},
			"policyTypes": ["Egress"],
			"egress": [{"ports": [{"protocol": "UDP", "port": 53}]}],
		}),
		{
			"apiVersion": "vpcresources.k8s.aws/v1beta1", "kind": "SecurityGroupPolicy",
			"metadata": {"name": "db-sg", "namespace": "shop"},
			"spec": {"podSelector": {"matchLabels": {"app": "db"}}, "securityGroups": {"groupIds": ["sg-1"]}},
		},
	])
	records := netpol.workload_coverage with input as scan
	views := {id: _field_view(id) | some id, _ in records} with input as scan
	count(records) == 3
	every id, c in records {
		views[id] == object.filter(c, object.keys(views[id]))
	}

	# The fixture has both values of every field.
	{c.egressIsolated | some c in records} == {true, false}
	{c.dnsEgressAllowed | some c in records} == {true, false}
	{x | some c in records; x := count(c.securityGroupPolicies) > 0} == {true, false}
	{x | some c in records; x := count(c.egressPolicies) > 0} == {true, false}
}
