package eks.rules.img.ecr_endpoints_test

import data.eks.rules.img.ecr_endpoints
import data.eks.test.tf

_private := tf.resource("aws_eks_cluster.c", {"vpc_config": [{"endpoint_private_access": true, "endpoint_public_access": false}]})

_ep(kind, policy) := tf.resource(sprintf("aws_vpc_endpoint.%s", [kind]), {"service_name": sprintf("com.amazonaws.eu-west-1.ecr.%s", [kind]), "policy": policy})

_restricted := json.marshal({"Statement": [{"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*", "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-1"}}}]})

test_private_cluster_without_endpoints_fails if {
	count(ecr_endpoints.deny) == 1 with input as tf.input_of([_private])
}

test_open_endpoint_policy_fails if {
	count(ecr_endpoints.deny) == 1 with input as tf.input_of([_private, _ep("api", _restricted), _ep("dkr", null)])
}

test_restricted_endpoints_and_public_clusters_pass if {
	count(ecr_endpoints.deny) == 0 with input as tf.input_of([_private, _ep("api", _restricted), _ep("dkr", _restricted)])
	count(ecr_endpoints.deny) == 0 with input as tf.input_of([tf.resource("aws_eks_cluster.c", {"vpc_config": [{}]})])
}
