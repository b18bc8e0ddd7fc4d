package eks.rules.net.policy_engine_test

import data.eks.rules.net.policy_engine
import data.eks.test.tf

_netpol := {"id": 9, "file": "k.yaml", "source": "manifest", "apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy", "name": "deny", "namespace": "shop", "object": {"spec": {}}}

_with(cfg, extra) := {"documents": array.concat(tf.input_of([tf.resource("aws_eks_addon.cni", {"addon_name": "vpc-cni", "configuration_values": cfg})]).documents, extra), "context": tf.input_of([]).context}

test_policies_without_engine_fail if {
	count(policy_engine.deny) == 1 with input as _with(null, [_netpol])
}

test_enabled_or_no_policies_pass if {
	count(policy_engine.deny) == 0 with input as _with(json.marshal({"enableNetworkPolicy": "true"}), [_netpol])
	count(policy_engine.deny) == 0 with input as _with(null, [])
}

test_third_party_engine_passes if {
	calico := {"id": 10, "file": "c.yaml", "source": "manifest", "apiVersion": "crd.projectcalico.org/v1", "kind": "GlobalNetworkPolicy", "name": "x", "namespace": "", "object": {}}
	count(policy_engine.deny) == 0 with input as _with(null, [_netpol, calico])
}
