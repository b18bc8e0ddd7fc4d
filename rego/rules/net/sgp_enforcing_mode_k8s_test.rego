package eks.rules.net.sgp_enforcing_mode_k8s_test

import data.eks.rules.net.sgp_enforcing_mode
import data.eks.test.netpol

_sgp := {"apiVersion": "vpcresources.k8s.aws/v1beta1", "kind": "SecurityGroupPolicy", "metadata": {"name": "db", "namespace": "shop"}, "spec": {"podSelector": {}, "securityGroups": {"groupIds": ["sg-1"]}}}

_aws_node(env) := {
	"apiVersion": "apps/v1", "kind": "DaemonSet", "metadata": {"name": "aws-node", "namespace": "kube-system"},
	"spec": {"template": {"metadata": {}, "spec": {"containers": [{"name": "aws-node", "env": env}]}}},
}

_np := netpol.default_deny("shop")

test_strict_by_default if {
	findings := sgp_enforcing_mode.deny with input as netpol.input_of([_sgp, _np, _aws_node([{"name": "ENABLE_POD_ENI", "value": "true"}])])
	netpol.brief(findings) == {"EKS-NET-010 2 - spec.template.spec.containers.0.env"}
	[f.message | some f in findings] == ["the aws-node DaemonSet runs security groups for pods in strict mode (the default) while the scan has 1 SecurityGroupPolicies and 1 NetworkPolicies: pods matched by a SecurityGroupPolicy ignore NetworkPolicy. Set POD_SECURITY_GROUP_ENFORCING_MODE=standard"]
}

test_explicit_strict if {
	netpol.brief(sgp_enforcing_mode.deny) == {"EKS-NET-010 2 - spec.template.spec.containers.0.env.0.value"} with input as netpol.input_of([_sgp, _np, _aws_node([{"name": "POD_SECURITY_GROUP_ENFORCING_MODE", "value": "strict"}])])
}

test_standard_passes if {
	count(sgp_enforcing_mode.deny) == 0 with input as netpol.input_of([_sgp, _np, _aws_node([{"name": "POD_SECURITY_GROUP_ENFORCING_MODE", "value": "standard"}])])
}

test_only_one_of_them_passes if {
	count(sgp_enforcing_mode.deny) == 0 with input as netpol.input_of([_sgp, _aws_node([])])
	count(sgp_enforcing_mode.deny) == 0 with input as netpol.input_of([_np, _aws_node([])])
	ignored := json.patch(_sgp, [{"op": "remove", "path": "/spec/securityGroups"}])
	count(sgp_enforcing_mode.deny) == 0 with input as netpol.input_of([ignored, _np, _aws_node([])])
}

test_mode_unknown_is_info if {
	findings := sgp_enforcing_mode.deny with input as netpol.input_of([_sgp, _np])
	netpol.brief(findings) == {"EKS-NET-010 0 info kind"}
}
