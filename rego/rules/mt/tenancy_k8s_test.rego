package eks.rules.mt.tenancy_k8s_test

import data.eks.rules.mt.default_deny
import data.eks.rules.mt.default_namespace
import data.eks.rules.mt.hard_tenancy
import data.eks.rules.mt.limit_range
import data.eks.rules.mt.node_isolation
import data.eks.rules.mt.priority_class
import data.eks.rules.mt.resource_quota
import data.eks.rules.mt.sandboxed
import data.eks.rules.mt.tenant_bindings
import data.eks.test.netpol

_tenant_ns := netpol.namespace("team-a", {"tenant": "a"})

_quota(hard) := {"apiVersion": "v1", "kind": "ResourceQuota", "metadata": {"name": "q", "namespace": "team-a"}, "spec": {"hard": hard}}

_limits(limits) := {"apiVersion": "v1", "kind": "LimitRange", "metadata": {"name": "l", "namespace": "team-a"}, "spec": {"limits": limits}}

# --- tenant namespaces -----------------------------------------------------------------

test_only_labelled_namespaces_are_tenants if {
	count(resource_quota.deny) == 0 with input as netpol.input_of([netpol.namespace("shop", {})])
	netpol.brief(resource_quota.deny) == {"EKS-MT-001 0 - metadata.name"} with input as netpol.input_of([_tenant_ns])
	netpol.brief(resource_quota.deny) == {"EKS-MT-001 0 - metadata.name"} with input as netpol.input_of([netpol.namespace("team-b", {"eks.policy/tenant": "b"})])
}

test_no_tenant_label_means_every_namespace if {
	inp := netpol.input_with([netpol.namespace("shop", {}), netpol.deployment("other", "w", {}), netpol.namespace("kube-system", {})], {"tenants": {"label": ""}})
	netpol.brief(resource_quota.deny) == {"EKS-MT-001 0 - metadata.name", "EKS-MT-001 1 info metadata.namespace"} with input as inp
}

# --- MT-001 ------------------------------------------------------------------------------

test_quota_keys if {
	count(resource_quota.deny) == 0 with input as netpol.input_of([_tenant_ns, _quota({"requests.cpu": "1", "requests.memory": "1Gi", "limits.memory": "2Gi"})])
	count(resource_quota.deny) == 0 with input as netpol.input_of([_tenant_ns, _quota({"cpu": "1", "memory": "1Gi", "limits.memory": "2Gi"})])
	findings := resource_quota.deny with input as netpol.input_of([_tenant_ns, _quota({"pods": "10"})])
	netpol.brief(findings) == {"EKS-MT-001 1 - spec.hard"}
	[f.message | some f in findings] == ["the ResourceQuotas of tenant namespace team-a do not cap limits.memory, requests.cpu, requests.memory"]
}

# --- MT-002 ------------------------------------------------------------------------------

test_limit_range if {
	netpol.brief(limit_range.deny) == {"EKS-MT-002 0 - metadata.name"} with input as netpol.input_of([_tenant_ns])
	good := _limits([{"type": "Container", "default": {"cpu": "1"}, "defaultRequest": {"cpu": "100m"}}])
	count(limit_range.deny) == 0 with input as netpol.input_of([_tenant_ns, good])
	pod_only := _limits([{"type": "Pod", "max": {"cpu": "2"}}])
	netpol.brief(limit_range.deny) == {"EKS-MT-002 1 - spec.limits"} with input as netpol.input_of([_tenant_ns, pod_only])
}

# --- MT-003 ------------------------------------------------------------------------------

test_tenant_default_deny if {
	findings := default_deny.deny with input as netpol.input_of([_tenant_ns])
	netpol.brief(findings) == {"EKS-MT-003 0 - metadata.name"}
	[f.message | some f in findings] == ["tenant namespace team-a (tenant a) has no default-deny ingress or egress NetworkPolicy: other tenants' pods can reach it or be reached from it"]
	ingress_only := netpol.policy("team-a", "d", {"podSelector": {}})
	[f.message | some f in default_deny.deny] == ["tenant namespace team-a (tenant a) has no default-deny egress NetworkPolicy: other tenants' pods can reach it or be reached from it"] with input as netpol.input_of([_tenant_ns, ingress_only])
	count(default_deny.deny) == 0 with input as netpol.input_of([_tenant_ns, netpol.default_deny("team-a")])
}

# --- MT-004 ------------------------------------------------------------------------------

_crb(subjects) := {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRoleBinding", "metadata": {"name": "b"}, "roleRef": {"kind": "ClusterRole", "name": "view"}, "subjects": subjects}

test_tenant_bindings if {
	subjects := [
		{"kind": "ServiceAccount", "name": "app", "namespace": "team-a"},
		{"kind": "ServiceAccount", "name": "app", "namespace": "shop"},
		{"kind": "Group", "name": "tenant-b-devs"},
		{"kind": "User", "name": "alice@example.com"},
	]
	inp := netpol.input_with([_tenant_ns, _crb(subjects)], {"tenants": {"label": "tenant", "principals": ["tenant-*"]}})
	netpol.brief(tenant_bindings.deny) == {"EKS-MT-004 1 - subjects.0", "EKS-MT-004 1 - subjects.2"} with input as inp
	msgs := {f.message | some f in tenant_bindings.deny} with input as inp
	"ClusterRoleBinding b binds Group tenant-b-devs (matches tenant principal pattern tenant-*) cluster-wide: bind tenants with a RoleBinding in their own namespace" in msgs
	rb := json.patch(_crb(subjects), [{"op": "replace", "path": "/kind", "value": "RoleBinding"}])
	count(tenant_bindings.deny) == 0 with input as netpol.input_of([_tenant_ns, rb])
}

# --- MT-005 ------------------------------------------------------------------------------

test_default_namespace if {
	svc := {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "web"}, "spec": {}}
	api := {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "kubernetes", "namespace": "default"}, "spec": {}}
	cm := {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "c", "namespace": "default"}}
	sa := {"apiVersion": "v1", "kind": "ServiceAccount", "metadata": {"name": "s"}}
	objects := [netpol.deployment("default", "web", {}), svc, api, cm, sa, netpol.deployment("shop", "ok", {})]
	findings := default_namespace.deny with input as netpol.input_of(objects)
	netpol.brief(findings) == {"EKS-MT-005 0 - metadata.namespace", "EKS-MT-005 1 - metadata", "EKS-MT-005 3 - metadata.namespace"}
	"Service web is in the default namespace (it sets no metadata.namespace): give it a namespace of its own" in {f.message | some f in findings}
	count(default_namespace.deny) == 0 with input as netpol.input_with(objects, {"namespaces": {"system": ["default"], "authoritative": null}})
}

# --- MT-006 ------------------------------------------------------------------------------

test_priority_classes if {
	objects := [
		_tenant_ns,
		netpol.deployment_with("team-a", "a", {}, {"priorityClassName": "system-node-critical", "containers": []}),
		netpol.deployment_with("team-a", "b", {}, {"priorityClassName": "high", "containers": []}),
		netpol.deployment_with("team-a", "c", {}, {"priorityClassName": "tenant", "containers": []}),
		netpol.deployment_with("shop", "d", {}, {"priorityClassName": "system-node-critical", "containers": []}),
	]
	netpol.brief(priority_class.deny) == {"EKS-MT-006 1 - spec.template.spec.priorityClassName"} with input as netpol.input_of(objects)
	allow := netpol.input_with(objects, {"tenants": {"label": "tenant", "priority_classes": ["tenant"]}})
	netpol.brief(priority_class.deny) == {"EKS-MT-006 1 - spec.template.spec.priorityClassName", "EKS-MT-006 2 - spec.template.spec.priorityClassName"} with input as allow
}

_pc(name, d) := {"apiVersion": "scheduling.k8s.io/v1", "kind": "PriorityClass", "metadata": {"name": name}, "value": 1, "globalDefault": d}

test_second_global_default if {
	netpol.brief(priority_class.deny) == {"EKS-MT-006 2 - globalDefault"} with input as netpol.input_of([_pc("a", true), _pc("b", false), _pc("c", true)])
}

# --- MT-007 ------------------------------------------------------------------------------

_isolation := {"tenants": {"label": "tenant", "node_label": "tenant"}}

_pinned := {
	"nodeSelector": {"tenant": "a"},
	"tolerations": [{"key": "tenant", "operator": "Equal", "value": "a", "effect": "NoSchedule"}],
	"containers": [],
}

test_node_isolation if {
	ok := netpol.deployment_with("team-a", "ok", {}, _pinned)
	count(node_isolation.deny) == 0 with input as netpol.input_with([_tenant_ns, ok], _isolation)
	count(node_isolation.deny) == 0 with input as netpol.input_of([_tenant_ns, netpol.deployment("team-a", "x", {})])
	bare := netpol.deployment("team-a", "bare", {})
	netpol.brief(node_isolation.deny) == {"EKS-MT-007 1 - spec.template.spec.nodeSelector", "EKS-MT-007 1 - spec.template.spec.tolerations"} with input as netpol.input_with([_tenant_ns, bare], _isolation)
}

_term(values) := {"matchExpressions": [{"key": "tenant", "operator": "In", "values": values}]}

_affinity_spec(terms) := {
	"affinity": {"nodeAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": {"nodeSelectorTerms": terms}}},
	"tolerations": _pinned.tolerations, "containers": [],
}

test_affinity_pins_only_when_every_term_does if {
	count(node_isolation.deny) == 0 with input as netpol.input_with([_tenant_ns, netpol.deployment_with("team-a", "w", {}, _affinity_spec([_term(["a"])]))], _isolation)
	count(node_isolation.deny) == 1 with input as netpol.input_with([_tenant_ns, netpol.deployment_with("team-a", "w", {}, _affinity_spec([_term(["a"]), {"matchExpressions": [{"key": "zone", "operator": "In", "values": ["x"]}]}]))], _isolation)
	count(node_isolation.deny) == 1 with input as netpol.input_with([_tenant_ns, netpol.deployment_with("team-a", "w", {}, _affinity_spec([_term(["a", "b"])]))], _isolation)
}

test_foreign_tolerations if {
	tolerations := array.concat(_pinned.tolerations, [
		{"operator": "Exists"},
		{"key": "tenant", "operator": "Exists"},
		{"key": "tenant", "value": "b", "effect": "NoSchedule"},
		{"key": "dedicated", "operator": "Exists"},
	])
	w := netpol.deployment_with("team-a", "w", {}, object.union(_pinned, {"tolerations": tolerations}))
	findings := node_isolation.deny with input as netpol.input_with([_tenant_ns, w], _isolation)
	netpol.brief(findings) == {"EKS-MT-007 1 - spec.template.spec.tolerations.1", "EKS-MT-007 1 - spec.template.spec.tolerations.2", "EKS-MT-007 1 - spec.template.spec.tolerations.3"}
	"Deployment team-a/w of tenant a tolerates tenant b's taint tenant=b, so it can be scheduled on other tenants' nodes" in {f.message | some f in findings}
}

# --- MT-008 ------------------------------------------------------------------------------

_untrusted := netpol.namespace("sandbox", {"eks.policy/untrusted": "true"})

_rc(name, handler) := {"apiVersion": "node.k8s.io/v1", "kind": "RuntimeClass", "metadata": {"name": name}, "handler": handler}

test_sandboxed if {
	plain := netpol.deployment("sandbox", "plain", {})
	netpol.brief(sandboxed.deny) == {"EKS-MT-008 1 - spec.template.spec.runtimeClassName"} with input as netpol.input_of([_untrusted, plain])
	count(sandboxed.deny) == 0 with input as netpol.input_of([netpol.namespace("sandbox", {}), plain])
	kata := netpol.deployment_with("sandbox", "k", {}, {"runtimeClassName": "kata", "containers": []})
	count(sandboxed.deny) == 0 with input as netpol.input_of([_untrusted, kata])
	secure := netpol.deployment_with("sandbox", "s", {}, {"runtimeClassName": "secure", "containers": []})
	count(sandboxed.deny) == 0 with input as netpol.input_of([_untrusted, secure, _rc("secure", "runsc")])
	netpol.brief(sandboxed.deny) == {"EKS-MT-008 1 - spec.template.spec.runtimeClassName"} with input as netpol.input_of([_untrusted, kata, _rc("kata", "runc")])
	[f.message | some f in sandboxed.deny] == ["Deployment sandbox/k runs in untrusted namespace sandbox without a sandbox: set runtimeClassName to a sandboxed RuntimeClass (gvisor, kata, kata-clh, kata-dragonball, kata-fc, kata-qemu, runsc) or match a Fargate profile (runtimeClassName kata has handler runc)"] with input as netpol.input_of([_untrusted, kata, _rc("kata", "runc")])
}

# --- MT-009 ------------------------------------------------------------------------------

test_hard_tenancy if {
	objects := [_tenant_ns, netpol.namespace("team-b", {"tenant": "b"}), netpol.namespace("shop", {})]
	count(hard_tenancy.deny) == 0 with input as netpol.input_of(objects)
	hard := netpol.input_with(objects, {"tenants": {"label": "tenant", "hard": true}})
	netpol.brief(hard_tenancy.deny) == {"EKS-MT-009 0 - metadata.labels.tenant", "EKS-MT-009 1 - metadata.labels.tenant"} with input as hard
	count(hard_tenancy.deny) == 0 with input as netpol.input_with([_tenant_ns, netpol.namespace("team-a2", {"tenant": "a"})], {"tenants": {"label": "tenant", "hard": true}})
}
