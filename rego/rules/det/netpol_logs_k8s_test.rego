package eks.rules.det.netpol_logs_k8s_test

import data.eks.rules.det.netpol_logs
import data.eks.test.netpol

_nodeclass(spec) := {"apiVersion": "eks.amazonaws.com/v1", "kind": "NodeClass", "metadata": {"name": "default"}, "spec": spec}

_aws_node(args) := {
	"apiVersion": "apps/v1", "kind": "DaemonSet", "metadata": {"name": "aws-node", "namespace": "kube-system"},
	"spec": {"template": {"metadata": {}, "spec": {"containers": [{"name": "aws-eks-nodeagent", "args": args}]}}},
}

test_auto_mode_nodeclass if {
	netpol.brief(netpol_logs.deny) == {"EKS-DET-008 0 - spec.networkPolicyEventLogs"} with input as netpol.input_of([_nodeclass({"networkPolicy": "DefaultDeny"})])
	count(netpol_logs.deny) == 0 with input as netpol.input_of([_nodeclass({"networkPolicy": "DefaultDeny", "networkPolicyEventLogs": "Enabled"})])
	count(netpol_logs.deny) == 0 with input as netpol.input_of([_nodeclass({})])
}

test_node_agent if {
	netpol.brief(netpol_logs.deny) == {"EKS-DET-008 0 - spec.template.spec.containers.0.args"} with input as netpol.input_of([_aws_node(["--enable-network-policy=true"])])
	count(netpol_logs.deny) == 0 with input as netpol.input_of([_aws_node(["--enable-network-policy=true", "--enable-policy-event-logs=true"])])
	count(netpol_logs.deny) == 0 with input as netpol.input_of([_aws_node(["--enable-network-policy=false"])])
}

test_nodeclass_of_an_enforcing_cluster if {
	netpol.brief(netpol_logs.deny) == {"EKS-DET-008 0 - spec.networkPolicyEventLogs", "EKS-DET-008 1 - spec.template.spec.containers.0.args"} with input as netpol.input_of([_nodeclass({}), _aws_node(["--enable-network-policy=true"])])
}
