package eks.rules.iam.endpoint_public_test

import data.eks.rules.iam.endpoint_public
import data.eks.test.tf

_cluster(vpc, unknown) := tf.resource_with("aws_eks_cluster.this", {"name": "prod", "vpc_config": [vpc]}, {"vpc_config": [unknown]}, {})

test_default_public_with_unknown_cidrs_fails if {
	inp := tf.input_of([_cluster({"endpoint_private_access": true, "endpoint_public_access": true}, {"public_access_cidrs": true})])
	findings := endpoint_public.deny with input as inp
	tf.at(findings, inp) == {["aws_eks_cluster.this", ["values", "vpc_config", 0, "endpoint_public_access"]]}
}

test_open_cidr_fails_at_the_list if {
	inp := tf.input_of([_cluster({"endpoint_public_access": true, "public_access_cidrs": ["10.0.0.0/8", "0.0.0.0/0"]}, {})])
	findings := endpoint_public.deny with input as inp
	tf.at(findings, inp) == {["aws_eks_cluster.this", ["values", "vpc_config", 0, "public_access_cidrs"]]}
}

test_ipv6_open_fails if {
	inp := tf.input_of([_cluster({"public_access_cidrs": ["::/0"]}, {})])
	count(endpoint_public.deny) == 1 with input as inp
}

test_private_or_restricted_passes if {
	off := tf.input_of([_cluster({"endpoint_public_access": false}, {"public_access_cidrs": true})])
	count(endpoint_public.deny) == 0 with input as off
	restricted := tf.input_of([_cluster({"endpoint_public_access": true, "public_access_cidrs": ["203.0.113.0/24"]}, {})])
	count(endpoint_public.deny) == 0 with input as restricted
}

test_ill_typed_values_do_not_error if {
	inp := tf.input_of([tf.resource("aws_eks_cluster.x", {"vpc_config": "x"}), tf.resource("aws_eks_cluster.y", {"vpc_config": [7]})])
	count(endpoint_public.deny) == 2 with input as inp
}
