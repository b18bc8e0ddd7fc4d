package eks.rules.net.policy_engine_k8s_test

import data.eks.rules.net.policy_engine
import data.eks.test.netpol

_cm(value) := {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "amazon-vpc-cni", "namespace": "kube-system"}, "data": value}

_aws_node(args) := {
	"apiVersion": "apps/v1", "kind": "DaemonSet", "metadata": {"name": "aws-node", "namespace": "kube-system"},
	"spec": {"template": {"metadata": {}, "spec": {"containers": [
		{"name": "aws-node", "image": "cni"},
		{"name": "aws-eks-nodeagent", "image": "agent", "args": args},
	]}}},
}

_np := netpol.default_deny("shop")

test_configmap_off_fails if {
	findings := policy_engine.deny with input as netpol.input_of([_np, _cm({"enable-network-policy-controller": "false"})])
	netpol.brief(findings) == {"EKS-NET-008 1 - data.enable-network-policy-controller"}
	[f.message | some f in findings] == ["NetworkPolicy enforcement is off: ConfigMap kube-system/amazon-vpc-cni sets enable-network-policy-controller: \"false\", and no other engine (Calico, Cilium) is in the scan, so the scan's 1 NetworkPolicies are not enforced"]
	netpol.brief(policy_engine.deny) == {"EKS-NET-008 1 - data"} with input as netpol.input_of([_np, _cm({"enable-windows-ipam": "true"})])
}

test_configmap_on_passes if {
	count(policy_engine.deny) == 0 with input as netpol.input_of([_np, _cm({"enable-network-policy-controller": "true"})])
	count(policy_engine.deny) == 0 with input as netpol.input_of([_np, _cm({"enable-network-policy": "true"})])
	policy_engine.status == "enabled" with input as netpol.input_of([_cm({"enable-network-policy": "true"})])
}

test_node_agent if {
	netpol.brief(policy_engine.deny) == {"EKS-NET-008 1 - spec.template.spec.containers.1.args"} with input as netpol.input_of([_np, _aws_node(["--enable-network-policy=false"])])
	netpol.brief(policy_engine.deny) == {"EKS-NET-008 1 - spec.template.spec.containers.1"} with input as netpol.input_of([_np, _aws_node(["--metrics-bind-addr=:8162"])])
	count(policy_engine.deny) == 0 with input as netpol.input_of([_np, _aws_node(["--enable-network-policy=true"])])
	count(policy_engine.deny) == 0 with input as netpol.input_of([_np, _aws_node(["--enable-network-policy", "true"])])
}

test_other_engine_wins if {
	calico := {"apiVersion": "crd.projectcalico.org/v1", "kind": "GlobalNetworkPolicy", "metadata": {"name": "deny"}, "spec": {}}
	count(policy_engine.deny) == 0 with input as netpol.input_of([_np, _cm({"enable-network-policy-controller": "false"}), calico])
	policy_engine.deny_capable with input as netpol.input_of([calico])
	cilium := {"apiVersion": "apps/v1", "kind": "DaemonSet", "metadata": {"name": "cilium", "namespace": "kube-system"}, "spec": {}}
	policy_engine.status == "enabled" with input as netpol.input_of([cilium])
}

test_nothing_known_is_unknown_and_silent if {
	policy_engine.status == "unknown" with input as netpol.input_of([_np])
	count(policy_engine.deny) == 0 with input as netpol.input_of([_np])
}

test_no_policies_no_finding if {
	count(policy_engine.deny) == 0 with input as netpol.input_of([_cm({"enable-network-policy-controller": "false"})])
}

test_configmap_elsewhere_is_ignored if {
	cm := json.patch(_cm({"enable-network-policy-controller": "false"}), [{"op": "replace", "path": "/metadata/namespace", "value": "shop"}])
	policy_engine.status == "unknown" with input as netpol.input_of([_np, cm])
}
