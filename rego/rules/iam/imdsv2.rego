# METADATA
# title: IMDSv2 required on node launch templates
# description: >-
#   Launch templates of EKS node groups (and Auto Scaling groups) must require IMDSv2
#   (metadata_options.http_tokens = "required") or disable the metadata endpoint. Without a
#   metadata_options block, the AMI default applies and cannot be seen at plan time, so it fails.
# related_resources:
#   - ref: https://docs.aws.amazon.com/eks/latest/best-practices/identity-and-access-management.html
#     description: EKS Best Practices, Restrict access to the instance profile assigned to the worker node
# custom:
#   id: EKS-IAM-014
#   severity: high
#   mode: enforce
#   input: tf
#   remediation: >-
#     Add `metadata_options { http_tokens = "required" http_put_response_hop_limit = 1 }` to the
#     launch template.
#   fix:
#     before: |
#       resource "aws_launch_template" "nodes" {
#         name_prefix = "nodes-"
#       }
#     after: |
#       resource "aws_launch_template" "nodes" {
#         name_prefix = "nodes-"
#         metadata_options {
#           http_tokens                 = "required"
#           http_put_response_hop_limit = 1
#         }
#       }
#   compliance:
#     eks-bp: ["iam"]
#   tags: [terraform, ec2, imds]
package eks.rules.iam.imdsv2

import data.eks.lib.result
import data.eks.lib.tf

# METADATA
# title: Node launch templates
# description: Launch templates used by EKS node groups or Auto Scaling groups.
node_templates contains lt if {
	some g in tf.managed("aws_eks_node_group")
	some lt in tf.launch_templates(g)
}

node_templates contains lt if {
	some asg in tf.managed("aws_autoscaling_group")
	some lt in (tf.refs_under(asg, "launch_template") | tf.refs_under(asg, "mixed_instances_policy"))
	lt.kind == "aws_launch_template"
}

# METADATA
# title: Node groups of a launch template
# description: The node groups using each launch template, by plan and template address, built once.
groups_of_template := _groups_of_template

_groups_of_template[plan][address] contains g if {
	some g in tf.managed("aws_eks_node_group")
	some lt in tf.launch_templates(g)
	plan := lt.object.plan
	address := lt.name
}

_ok(md) if md.http_tokens == "required"

_ok(md) if md.http_endpoint == "disabled"

deny contains result.new("EKS-IAM-014", lt, ["values", "metadata_options"], msg) if {
	some lt in node_templates
	tf.block(lt, "metadata_options") == {}
	msg := sprintf("Launch template %s has no metadata_options block, so IMDSv1 may stay enabled (the AMI default cannot be seen at plan time). Set metadata_options { http_tokens = \"required\" }.", [lt.name])
}

deny contains result.new("EKS-IAM-014", lt, ["values", "metadata_options", 0, "http_tokens"], msg) if {
	some lt in node_templates
	md := tf.block(lt, "metadata_options")
	md != {}
	not _ok(md)
	msg := sprintf("Launch template %s does not require IMDSv2 (http_tokens is %s). Set http_tokens = \"required\".", [lt.name, result.show(object.get(md, "http_tokens", "unset"))])
}
