# METADATA
# title: Cluster uses Access Entries (CAM API) for authentication
# description: >-
#   access_config.authentication_mode should be API: access entries are managed through the EKS
#   API and auditable, unlike the aws-auth ConfigMap. A missing access_config or CONFIG_MAP
#   fails; API_AND_CONFIG_MAP is for migration only and is reported at low severity. Mode
#   changes are one-way (CONFIG_MAP, then API_AND_CONFIG_MAP, then API).
# related_resources:
#   - ref: https://docs.aws.amazon.com/eks/latest/best-practices/identity-and-access-management.html
#     description: EKS Best Practices, Cluster Access Manager
# custom:
#   id: EKS-IAM-003
#   severity: medium
#   mode: enforce
#   input: tf
#   remediation: >-
#     Add `access_config { authentication_mode = "API" }` to the cluster (via
#     API_AND_CONFIG_MAP while migrating aws-auth entries to aws_eks_access_entry resources).
#   fix:
#     before: |
#       resource "aws_eks_cluster" "this" {
#         name = "prod"
#     after: |
#       resource "aws_eks_cluster" "this" {
#         name = "prod"
#         access_config {
#           authentication_mode = "API"
#         }
#   compliance:
#     cis-eks: ["4.1.7"]
#     eks-bp: ["iam", "cam"]
#   tags: [terraform, eks, authentication]
package eks.rules.iam.access_mode

import data.eks.lib.result
import data.eks.lib.tf

_mode(doc) := m if {
	m := tf.attr(doc, "access_config", "authentication_mode")
	is_string(m)
} else := ""

deny contains result.new("EKS-IAM-003", doc, ["values", "access_config"], msg) if {
	some doc in tf.clusters
	_mode(doc) == ""
	msg := sprintf("%s: no access_config.authentication_mode is set, so the cluster authenticates through the aws-auth ConfigMap (CONFIG_MAP). Set access_config { authentication_mode = \"API\" }.", [doc.name])
}

deny contains result.new("EKS-IAM-003", doc, ["values", "access_config", 0, "authentication_mode"], msg) if {
	some doc in tf.clusters
	_mode(doc) == "CONFIG_MAP"
	msg := sprintf("%s: authentication_mode is CONFIG_MAP (aws-auth only). Move to access entries: API_AND_CONFIG_MAP while migrating, then API.", [doc.name])
}

deny contains tf.finding("EKS-IAM-003", doc, ["values", "access_config", 0, "authentication_mode"], msg, {"severity": "low"}) if {
	some doc in tf.clusters
	_mode(doc) == "API_AND_CONFIG_MAP"
	msg := sprintf("%s: authentication_mode is API_AND_CONFIG_MAP, meant only for migration. Finish moving aws-auth entries to access entries and set API.", [doc.name])
}
