package eks.rules.net.ingress_isolation_test

import data.eks.rules.net.ingress_isolation
import data.eks.test.fixtures
import data.eks.test.netpol

_ns := netpol.namespace("shop", {})

test_uncovered_workload_fails_at_template_labels if {
	objects := [_ns, netpol.deployment("shop", "web", {"app": "web"})]
	findings := ingress_isolation.deny with input as netpol.input_of(objects)
	netpol.brief(findings) == {"EKS-NET-004 1 - spec.template.metadata.labels"}
	[f.message | some f in findings] == ["Deployment shop/web is not ingress-isolated: no NetworkPolicy in namespace shop selects its pods (app=web) with Ingress in its policyTypes"]
}

test_every_carrier_uses_its_template_labels if {
	every c in fixtures.carriers({"containers": [{"name": "c"}]}) {
		obj := _labelled(c.object)
		objects := [netpol.namespace("default", {}), obj, netpol.policy("default", "p", {"podSelector": {"matchLabels": {"app": "demo"}}})]
		count(ingress_isolation.deny) == 0 with input as netpol.input_of(objects)
	}
}

# The fixtures' bare Pod has no labels; the templates carry app=demo.
_labelled(o) := json.patch(o, [{"op": "add", "path": "/metadata/labels", "value": {"app": "demo"}}]) if o.kind == "Pod"

else := o

test_cronjob_template_labels if {
	cronjob := fixtures.carriers({"containers": [{"name": "c"}]}).CronJob.object
	objects := [
		netpol.namespace("default", {}), cronjob,
		netpol.policy("default", "p", {"podSelector": {"matchLabels": {"app": "other"}}}),
	]
	netpol.brief(ingress_isolation.deny) == {"EKS-NET-004 1 - spec.jobTemplate.spec.template.metadata.labels"} with input as netpol.input_of(objects)
}

test_egress_only_policy_without_policy_types_covers_ingress if {
	objects := [
		_ns, netpol.deployment("shop", "web", {"app": "web"}),
		netpol.policy("shop", "eg", {"podSelector": {"matchLabels": {"app": "web"}}, "egress": [{"ports": [{"port": 443}]}]}),
	]
	count(ingress_isolation.deny) == 0 with input as netpol.input_of(objects)
}

test_egress_only_policy_types_does_not_cover_ingress if {
	objects := [
		_ns, netpol.deployment("shop", "web", {"app": "web"}),
		netpol.policy("shop", "eg", {"podSelector": {"matchLabels": {"app": "web"}}, "policyTypes": ["Egress"]}),
	]
	count(ingress_isolation.deny) == 1 with input as netpol.input_of(objects)
}

test_not_in_on_a_missing_key_covers if {
	objects := [
		_ns, netpol.deployment("shop", "web", {"app": "web"}), netpol.deployment("shop", "db", {"app": "db", "tier": "db"}),
		netpol.policy("shop", "p", {"podSelector": {"matchExpressions": [{"key": "tier", "operator": "NotIn", "values": ["db"]}]}}),
	]
	netpol.brief(ingress_isolation.deny) == {"EKS-NET-004 2 - spec.template.metadata.labels"} with input as netpol.input_of(objects)
}

test_policy_in_another_namespace_does_not_cover if {
	objects := [_ns, netpol.deployment("shop", "web", {"app": "web"}), netpol.default_deny("other")]
	netpol.brief(ingress_isolation.deny) == {"EKS-NET-004 1 - spec.template.metadata.labels"} with input as netpol.input_of(objects)
}

test_not_authoritative_is_info_only_with_policies if {
	count(ingress_isolation.deny) == 0 with input as netpol.input_of([netpol.deployment("shop", "web", {"app": "web"})])
	objects := [netpol.deployment("shop", "web", {"app": "web"}), netpol.policy("shop", "x", {"podSelector": {"matchLabels": {"app": "api"}}})]
	netpol.brief(ingress_isolation.deny) == {"EKS-NET-004 0 info spec.template.metadata.labels"} with input as netpol.input_of(objects)
}

test_host_network_is_not_enforceable if {
	objects := [_ns, netpol.deployment_with("shop", "agent", {"app": "agent"}, {"hostNetwork": true, "containers": [{"name": "c"}]}), netpol.default_deny("shop")]
	findings := ingress_isolation.deny with input as netpol.input_of(objects)
	netpol.brief(findings) == {"EKS-NET-004 1 info spec.template.spec.hostNetwork"}
	[f.message | some f in findings] == ["Deployment shop/agent uses the host network: NetworkPolicy is not enforceable on its pods (ingress and egress), whatever selects them"]
}

test_invalid_policy_is_reported if {
	objects := [_ns, netpol.policy("shop", "bad", {"podSelector": {"matchExpressions": [{"key": "app", "operator": "In", "values": []}]}})]
	findings := ingress_isolation.deny with input as netpol.input_of(objects)
	netpol.brief(findings) == {"EKS-NET-004 1 medium spec.podSelector"}
	[f.message | some f in findings] == ["NetworkPolicy shop/bad is invalid (spec.podSelector matchExpressions[0] is invalid (operator In needs a non-empty list of string values)): the API server rejects it, so it isolates nothing"]
}

test_strict_mode_security_groups_are_not_covered if {
	aws_node := {
		"apiVersion": "apps/v1", "kind": "DaemonSet", "metadata": {"name": "aws-node", "namespace": "kube-system"},
		"spec": {"template": {"metadata": {}, "spec": {"containers": [{"name": "aws-node", "env": [{"name": "POD_SECURITY_GROUP_ENFORCING_MODE", "value": "strict"}]}]}}},
	}
	sgp := {"apiVersion": "vpcresources.k8s.aws/v1beta1", "kind": "SecurityGroupPolicy", "metadata": {"name": "db", "namespace": "shop"}, "spec": {"podSelector": {"matchLabels": {"app": "db"}}, "securityGroups": {"groupIds": ["sg-1"]}}}
	objects := [_ns, netpol.deployment("shop", "db", {"app": "db"}), netpol.default_deny("shop"), sgp, aws_node]
	findings := ingress_isolation.deny with input as netpol.input_of(objects)
	[f.message | some f in findings] == ["Deployment shop/db is not ingress-isolated: its pods are matched by SecurityGroupPolicy db and the VPC CNI enforces security groups in strict mode, so NetworkPolicy does not apply"]
	standard := json.patch(aws_node, [{"op": "replace", "path": "/spec/template/spec/containers/0/env/0/value", "value": "standard"}])
	count(ingress_isolation.deny) == 0 with input as netpol.input_of([_ns, netpol.deployment("shop", "db", {"app": "db"}), netpol.default_deny("shop"), sgp, standard])
}
