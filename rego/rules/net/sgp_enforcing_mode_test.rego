package eks.rules.net.sgp_enforcing_mode_test

import data.eks.rules.net.sgp_enforcing_mode
import data.eks.test.tf

_netpol := {"apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy", "metadata": {"name": "deny", "namespace": "shop"}, "spec": {"podSelector": {}}}

_sgp := {"apiVersion": "vpcresources.k8s.aws/v1beta1", "kind": "SecurityGroupPolicy", "metadata": {"name": "sgp", "namespace": "shop"}, "spec": {"podSelector": {"matchLabels": {"app": "db"}}, "securityGroups": {"groupIds": ["sg-1"]}}}

_k8s(o, i) := {"id": i, "file": "k.yaml", "source": "manifest", "apiVersion": o.apiVersion, "kind": o.kind, "name": o.metadata.name, "namespace": o.metadata.namespace, "object": o}

_input(cfg) := object.union(tf.input_of([tf.resource("aws_eks_addon.cni", {"addon_name": "vpc-cni", "configuration_values": cfg})]), {"documents": array.concat(
	tf.input_of([tf.resource("aws_eks_addon.cni", {"addon_name": "vpc-cni", "configuration_values": cfg})]).documents,
	[_k8s(_netpol, 1), _k8s(_sgp, 2)],
)})

test_strict_default_with_both_fails if {
	count(sgp_enforcing_mode.deny) == 1 with input as _input(null)
}

test_standard_passes if {
	count(sgp_enforcing_mode.deny) == 0 with input as _input(json.marshal({"env": {"POD_SECURITY_GROUP_ENFORCING_MODE": "standard"}}))
}

test_evidence_from_the_addon if {
	[e.mode | some e in sgp_enforcing_mode.mode_evidence] == ["strict"] with input as _input(null)
}
