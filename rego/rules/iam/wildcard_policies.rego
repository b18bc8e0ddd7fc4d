# METADATA
# title: No admin or wildcard IAM policies
# description: >-
#   Identity policies (aws_iam_policy, aws_iam_role_policy, aws_iam_user_policy,
#   aws_iam_group_policy, aws_iam_role inline_policy, data.aws_iam_policy_document statements)
#   must not allow "*" on "*" (full admin: critical), "*" or "<service>:*" actions, or
#   write and permission actions on Resource "*" (high). An Allow with NotAction is reported
#   at low severity. Action and Resource may be strings or lists; Effect defaults to Allow.
# related_resources:
#   - ref: https://docs.aws.amazon.com/eks/latest/best-practices/identity-and-access-management.html
#     description: EKS Best Practices, Employ least privileged access to AWS Resources
# custom:
#   id: EKS-IAM-016
#   severity: high
#   mode: enforce
#   input: tf
#   remediation: >-
#     List the actions the workload needs and scope Resource to the ARNs it uses; use
#     conditions where a resource cannot be named.
#   fix:
#     before: |
#       statement {
#         actions   = ["s3:*"]
#         resources = ["*"]
#       }
#     after: |
#       statement {
#         actions   = ["s3:GetObject"]
#         resources = ["arn:aws:s3:::reports/*"]
#       }
#   compliance:
#     eks-bp: ["iam"]
#   tags: [terraform, iam, least-privilege]
package eks.rules.iam.wildcard_policies

import data.eks.lib.result
import data.eks.lib.tf

_service_wildcard(a) if regex.match(`^[A-Za-z0-9-]+:\*$`, a)

# Actions that change resources or permissions: they can always be scoped to resources.
_write(a) if regex.match(`(?i)^[a-z0-9-]+:(put|delete|create|update|attach|detach|pass|modify|terminate|run|invoke|set|add|remove|replace|associate|disassociate|start|stop|reboot|restore|revoke|authorize|tag|untag|upload|import|enable|disable)`, a)

_admin(s) if {
	"*" in s.actions
	"*" in s.resources
}

_why(s) := sprintf("allows Action %s", ["\"*\""]) if {
	"*" in s.actions
} else := sprintf("allows the service wildcard%s %s", [_plural(ws), concat(", ", sort(ws))]) if {
	ws := {a | some a in s.actions; _service_wildcard(a)}
	count(ws) > 0
} else := sprintf("allows %s on Resource \"*\"", [concat(", ", sort(ws))]) if {
	"*" in s.resources
	ws := {a | some a in s.actions; _write(a)}
	count(ws) > 0
}

_plural(s) := "s" if count(s) > 1

else := ""

deny contains tf.finding("EKS-IAM-016", p.doc, tf.statement_path(p, s), msg, {"severity": "critical"}) if {
	some p in tf.identity_policies
	some s in p.statements
	tf.allows(s)
	_admin(s)
	msg := sprintf("%s: statement %d allows every action on every resource (Action \"*\", Resource \"*\"): full administrator access. Grant only the actions and resources needed.", [p.doc.name, s.index])
}

deny contains result.new("EKS-IAM-016", p.doc, tf.statement_path(p, s), msg) if {
	some p in tf.identity_policies
	some s in p.statements
	tf.allows(s)
	not _admin(s)
	why := _why(s)
	msg := sprintf("%s: statement %d %s. List the actions needed and scope Resource to specific ARNs.", [p.doc.name, s.index, why])
}

deny contains tf.finding("EKS-IAM-016", p.doc, tf.statement_path(p, s), msg, {"severity": "low"}) if {
	some p in tf.identity_policies
	some s in p.statements
	tf.allows(s)
	count(s.not_actions) > 0
	msg := sprintf("%s: statement %d allows everything except its NotAction list, which grants every action not listed (including future ones). Allow an explicit Action list instead.", [p.doc.name, s.index])
}
