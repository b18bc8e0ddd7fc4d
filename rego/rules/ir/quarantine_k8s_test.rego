package eks.rules.ir.quarantine_k8s_test

import data.eks.rules.ir.quarantine
import data.eks.test.netpol

_allow(selector) := netpol.policy("shop", "web", {"podSelector": selector, "policyTypes": ["Ingress"], "ingress": [{"from": [{"podSelector": {"matchLabels": {"app": "lb"}}}]}]})

test_allow_policy_must_exclude_quarantined_pods if {
	findings := quarantine.deny with input as netpol.input_of([_allow({"matchLabels": {"app": "web"}})])
	netpol.brief(findings) == {"EKS-IR-001 0 low spec.podSelector"}
	[f.mode | some f in findings] == ["warn"]
	[f.message | some f in findings] == ["NetworkPolicy shop/web allows traffic without excluding quarantined pods: a pod labelled quarantine stays reachable through it. Add {key: quarantine, operator: DoesNotExist} to spec.podSelector.matchExpressions"]
}

test_excluding_policy_passes if {
	sel := {"matchLabels": {"app": "web"}, "matchExpressions": [{"key": "quarantine", "operator": "DoesNotExist"}]}
	count(quarantine.deny) == 0 with input as netpol.input_of([_allow(sel)])
}

test_deny_only_policies_pass if {
	count(quarantine.deny) == 0 with input as netpol.input_of([netpol.default_deny("shop")])
}

test_configured_label if {
	sel := {"matchExpressions": [{"key": "isolate", "operator": "DoesNotExist"}]}
	count(quarantine.deny) == 0 with input as netpol.input_with([_allow(sel)], {"network": {"quarantine_label": "isolate"}})
	count(quarantine.deny) == 1 with input as netpol.input_of([_allow(sel)])
}

test_deny_capable_engine_passes if {
	calico := {"apiVersion": "crd.projectcalico.org/v1", "kind": "GlobalNetworkPolicy", "metadata": {"name": "quarantine"}, "spec": {}}
	count(quarantine.deny) == 0 with input as netpol.input_of([_allow({}), calico])
}

test_engine_off_fails if {
	cm := {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "amazon-vpc-cni", "namespace": "kube-system"}, "data": {"enable-network-policy-controller": "false"}}
	netpol.brief(quarantine.deny) == {"EKS-IR-001 0 - data.enable-network-policy-controller"} with input as netpol.input_of([cm])
}
