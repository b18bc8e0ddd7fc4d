# METADATA
# title: ECR VPC endpoints exist and carry a restrictive endpoint policy
# description: >-
#   A private cluster (private endpoint on, public off) pulls images through the ecr.api and
#   ecr.dkr interface endpoints; each endpoint should have a policy restricting it to the
#   organisation or account (aws:PrincipalOrgID and similar), as the default policy allows
#   full access (low).
# related_resources:
#   - ref: https://docs.aws.amazon.com/eks/latest/best-practices/image-security.html
#     description: EKS Best Practices, Consider using ECR private endpoints
# custom:
#   id: EKS-IMG-010
#   severity: low
#   mode: enforce
#   input: tf
#   remediation: >-
#     Add aws_vpc_endpoint resources for com.amazonaws.<region>.ecr.api and .ecr.dkr with a
#     policy conditioned on aws:PrincipalOrgID (still allowing the EKS add-on registry accounts).
#   compliance:
#     eks-bp: ["image"]
#   tags: [terraform, ecr, network]
package eks.rules.img.ecr_endpoints

import data.eks.lib.result
import data.eks.lib.tf
import data.eks.rules.data.kms_policy

_private(c) if {
	vpc := tf.block(c, "vpc_config")
	tf.is_true(object.get(vpc, "endpoint_private_access", false))
	tf.is_false(object.get(vpc, "endpoint_public_access", true))
}

_endpoints(plan, kind) := {e |
	some e in tf.managed("aws_vpc_endpoint")
	e.object.plan == plan
	name := tf.get(e, ["service_name"])
	is_string(name)
	regex.match(sprintf(`\.ecr\.%s$`, [kind]), name)
}

deny contains result.new("EKS-IMG-010", c, ["values", "vpc_config"], msg) if {
	some c in tf.clusters
	_private(c)
	missing := {k | some k in ["api", "dkr"]; count(_endpoints(c.object.plan, k)) == 0}
	count(missing) > 0
	msg := sprintf("%s is private but the plan has no ECR VPC endpoint for %s. Add aws_vpc_endpoint resources for com.amazonaws.<region>.ecr.api and ecr.dkr.", [c.name, concat(" and ", sort({sprintf("ecr.%s", [k]) | some k in missing}))])
}

_restrictive(e) if {
	some s in tf.policy_statements(tf.get(e, ["policy"]))
	kms_policy.restricted(s)
}

deny contains result.new("EKS-IMG-010", e, ["values", "policy"], msg) if {
	some c in tf.clusters
	_private(c)
	some k in ["api", "dkr"]
	some e in _endpoints(c.object.plan, k)
	not _restrictive(e)
	not tf.unknown(e, ["policy"])
	msg := sprintf("ECR endpoint %s has no policy restricting it to your organisation or account (the default allows full access). Add a policy conditioned on aws:PrincipalOrgID.", [e.name])
}
