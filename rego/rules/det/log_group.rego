# METADATA
# title: Control-plane log group retained and encrypted
# description: >-
#   The cluster's log group /aws/eks/<cluster name>/cluster should be managed by Terraform with
#   a retention (EKS otherwise creates it with "never expire" and no KMS key) of at least the
#   configured minimum (terraform.log-retention-days, default 90; 0 means never expire and
#   passes) and a kms_key_id.
# related_resources:
#   - ref: https://docs.aws.amazon.com/eks/latest/userguide/control-plane-logs.html
#     description: Amazon EKS control plane logging
# custom:
#   id: EKS-DET-002
#   severity: medium
#   mode: enforce
#   input: tf
#   remediation: >-
#     Manage aws_cloudwatch_log_group "/aws/eks/<name>/cluster" with retention_in_days and
#     kms_key_id, created before the cluster (depends_on).
#   compliance:
#     cis-eks: ["2.1.2"]
#     eks-bp: ["detective"]
#   tags: [terraform, eks, logging]
package eks.rules.det.log_group

import data.eks.lib.result
import data.eks.lib.tf

# METADATA
# title: Minimum retention
# description: The configured minimum log retention in days.
min_retention := object.get(input.context, ["terraform", "log_retention_days"], 90)

# METADATA
# title: Cluster log groups
# description: >-
#   The log group of each cluster, as {cluster, group}: by name, when the cluster name is
#   known, or by reference (a log group named from the cluster's name attribute).
cluster_groups contains {"cluster": c, "group": g} if {
	some c in tf.clusters
	name := tf.get(c, ["name"])
	is_string(name)
	some g in tf.managed("aws_cloudwatch_log_group")
	g.object.plan == c.object.plan
	tf.get(g, ["name"]) == sprintf("/aws/eks/%s/cluster", [name])
}

cluster_groups contains {"cluster": c, "group": g} if {
	some c in tf.clusters
	some g in tf.referring(c, "aws_cloudwatch_log_group")
}

cluster_groups contains {"cluster": c, "group": g} if {
	some c in tf.clusters
	some g in tf.refs(c, "depends_on")
	g.kind == "aws_cloudwatch_log_group"
}

_managed(c) if {
	some x in cluster_groups
	x.cluster == c
}

deny contains result.new("EKS-DET-002", c, ["values", "name"], msg) if {
	some c in tf.clusters
	not _managed(c)
	msg := sprintf("%s: the plan manages no /aws/eks/<name>/cluster log group, so EKS creates one that never expires and is not encrypted with your KMS key. Manage aws_cloudwatch_log_group with retention_in_days and kms_key_id.", [c.name])
}

deny contains result.new("EKS-DET-002", x.group, ["values", "retention_in_days"], msg) if {
	some x in cluster_groups
	days := tf.get(x.group, ["retention_in_days"])
	is_number(days)
	days > 0
	days < min_retention
	msg := sprintf("Log group %s of cluster %s keeps logs %d days, less than the required %d.", [x.group.name, x.cluster.name, days, min_retention])
}

deny contains result.new("EKS-DET-002", x.group, ["values", "kms_key_id"], msg) if {
	some x in cluster_groups
	tf.absent(x.group, ["kms_key_id"])
	msg := sprintf("Log group %s of cluster %s is not encrypted with a KMS key. Set kms_key_id.", [x.group.name, x.cluster.name])
}
