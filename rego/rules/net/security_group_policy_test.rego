package eks.rules.net.security_group_policy_test

import data.eks.rules.net.security_group_policy
import data.eks.test.netpol

_sgp(spec) := {"apiVersion": "vpcresources.k8s.aws/v1beta1", "kind": "SecurityGroupPolicy", "metadata": {"name": "s", "namespace": "shop"}, "spec": spec}

_brief(spec) := netpol.brief(f) if {
	f := security_group_policy.deny with input as netpol.input_of([_sgp(spec)])
}

test_valid if {
	_brief({"podSelector": {"matchLabels": {"app": "db"}}, "securityGroups": {"groupIds": ["sg-1"]}}) == set()
	_brief({"serviceAccountSelector": {}, "securityGroups": {"groupIds": ["sg-1"]}}) == set()
}

test_ignored if {
	_brief({"securityGroups": {"groupIds": ["sg-1"]}}) == {"EKS-NET-009 0 - spec"}
	_brief({"podSelector": {}, "securityGroups": {"groupIds": []}}) == {"EKS-NET-009 0 - spec.securityGroups.groupIds"}
	_brief({"podSelector": {}}) == {"EKS-NET-009 0 - spec.securityGroups.groupIds"}
	_brief({"podSelector": null, "serviceAccountSelector": null}) == {"EKS-NET-009 0 - spec", "EKS-NET-009 0 - spec.securityGroups.groupIds"}
}

test_invalid_selector if {
	_brief({"podSelector": {"matchExpressions": [{"key": "a", "operator": "Exists", "values": ["x"]}]}, "securityGroups": {"groupIds": ["sg-1"]}}) == {"EKS-NET-009 0 - spec.podSelector"}
}

test_too_many_groups_warns if {
	findings := security_group_policy.deny with input as netpol.input_of([_sgp({"podSelector": {}, "securityGroups": {"groupIds": ["a", "b", "c", "d", "e", "f"]}})])
	[[f.severity, f.mode] | some f in findings] == [["low", "warn"]]
}
