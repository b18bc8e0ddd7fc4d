package eks.rules.pod.kube_system_test

import data.eks.rules.pod.kube_system as rule
import data.eks.test.fixtures

_in_kube_system(kind, name) := n if {
	c := fixtures.carriers({"containers": []})[kind]
	obj := json.patch(c.object, [{"op": "replace", "path": "/metadata", "value": {"name": name, "namespace": "kube-system"}}])
	n := count(rule.deny) with input as fixtures.input_of([obj])
}

test_add_ons_allowed if {
	every name in ["aws-node", "kube-proxy", "coredns", "ebs-csi-controller", "ebs-csi-node", "efs-csi-node", "eks-pod-identity-agent", "aws-load-balancer-controller", "metrics-server"] {
		_in_kube_system("Deployment", name) == 0
	}
}

test_user_workloads_fail if {
	_in_kube_system("Deployment", "my-app") == 1
	_in_kube_system("CronJob", "backup") == 1
	_in_kube_system("Pod", "coredns2") == 1
	_in_kube_system("DaemonSet", "aws-nodes") == 1
}

test_other_namespaces_pass if {
	count(rule.deny) == 0 with input as fixtures.input_of([fixtures.carriers({"containers": []}).Deployment.object])
}
