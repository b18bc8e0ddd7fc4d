# METADATA
# title: IMDS hop limit is 1 (pods cannot reach node credentials)
# description: >-
#   With metadata_options.http_put_response_hop_limit above 1, containers can fetch the node
#   role's credentials from IMDSv2. A node group (or its launch template) tagged
#   `eks-policy-gate.io/imds-from-pods = "true"` may use 2. A launch template without the
#   setting is reported as a warning (the AMI default applies).
# related_resources:
#   - ref: https://docs.aws.amazon.com/eks/latest/best-practices/identity-and-access-management.html
#     description: EKS Best Practices, Restrict access to the instance profile assigned to the worker node
# custom:
#   id: EKS-IAM-015
#   severity: medium
#   mode: enforce
#   input: tf
#   remediation: >-
#     Set `metadata_options { http_put_response_hop_limit = 1 }`; give pods AWS access through
#     IRSA or Pod Identity instead of the node role.
#   compliance:
#     eks-bp: ["iam"]
#   tags: [terraform, ec2, imds]
package eks.rules.iam.imds_hop_limit

import data.eks.lib.result
import data.eks.lib.tf
import data.eks.rules.iam.imdsv2

_opted_in(lt) if tf.tag(lt, "eks-policy-gate.io/imds-from-pods") == "true"

_opted_in(lt) if {
	some g in object.get(imdsv2.groups_of_template, [lt.object.plan, lt.name], set())
	tf.tag(g, "eks-policy-gate.io/imds-from-pods") == "true"
}

_limit(lt) := n if {
	n := tf.attr(lt, "metadata_options", "http_put_response_hop_limit")
	is_number(n)
}

deny contains result.new("EKS-IAM-015", lt, ["values", "metadata_options", 0, "http_put_response_hop_limit"], msg) if {
	some lt in imdsv2.node_templates
	n := _limit(lt)
	n > 1
	not _opted_in(lt)
	msg := sprintf("Launch template %s sets the IMDS hop limit to %d, so pods can reach the node role's credentials. Set http_put_response_hop_limit = 1 (2 only for node groups tagged eks-policy-gate.io/imds-from-pods = \"true\").", [lt.name, n])
}

deny contains result.new("EKS-IAM-015", lt, ["values", "metadata_options", 0, "http_put_response_hop_limit"], msg) if {
	some lt in imdsv2.node_templates
	n := _limit(lt)
	n > 2
	_opted_in(lt)
	msg := sprintf("Launch template %s sets the IMDS hop limit to %d; even node groups whose pods need IMDS need only 2.", [lt.name, n])
}

deny contains tf.finding("EKS-IAM-015", lt, ["values", "metadata_options"], msg, {"mode": "warn"}) if {
	some lt in imdsv2.node_templates
	not _limit(lt)
	msg := sprintf("Launch template %s does not set metadata_options.http_put_response_hop_limit, so the AMI default (2 on EKS AMIs) applies and pods may reach the node role's credentials. Set it to 1.", [lt.name])
}
