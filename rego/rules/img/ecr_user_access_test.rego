package eks.rules.img.ecr_user_access_test

import data.eks.rules.img.ecr_user_access
import data.eks.test.tf

_p(action, resource) := tf.resource("aws_iam_policy.p", {"policy": json.marshal({"Statement": [{"Effect": "Allow", "Action": action, "Resource": resource}]})})

test_write_on_star_fails if {
	count(ecr_user_access.deny) == 1 with input as tf.input_of([_p("ecr:*", "*")])
	count(ecr_user_access.deny) == 1 with input as tf.input_of([_p(["ecr:PutImage", "ecr:GetAuthorizationToken"], "*")])
}

test_scoped_or_read_passes if {
	count(ecr_user_access.deny) == 0 with input as tf.input_of([_p("ecr:PutImage", "arn:aws:ecr:*:*:repository/team-a/*")])
	count(ecr_user_access.deny) == 0 with input as tf.input_of([_p("ecr:GetAuthorizationToken", "*")])
}
