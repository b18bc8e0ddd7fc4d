# METADATA
# title: AWS Config records EKS compliance rules
# description: >-
#   Where the plans manage an EKS cluster, some plan of the scan should manage an AWS Config
#   recorder and the EKS managed rules (EKS_ENDPOINT_NO_PUBLIC_ACCESS, EKS_SECRETS_ENCRYPTED,
#   EKS_CLUSTER_LOGGING_ENABLED, EKS_CLUSTER_SUPPORTED_VERSION,
#   GUARDDUTY_EKS_PROTECTION_RUNTIME_ENABLED), so drift from this gate's rules is detected in
#   the running account. A warning. (Only the last identifier was confirmed in AWS docs when
#   the catalog was written.)
# related_resources:
#   - ref: https://docs.aws.amazon.com/eks/latest/best-practices/compliance.html
#     description: EKS Best Practices, Compliance
# custom:
#   id: EKS-CMP-004
#   severity: low
#   mode: warn
#   input: tf
#   remediation: >-
#     Manage aws_config_configuration_recorder and aws_config_config_rule resources with
#     source { owner = "AWS" source_identifier = "<rule>" } for each EKS rule.
#   compliance:
#     eks-bp: ["compliance"]
#   tags: [terraform, aws-config, compliance]
package eks.rules.cmp.config_rules

import data.eks.lib.result
import data.eks.lib.tf

_wanted := {
	"EKS_ENDPOINT_NO_PUBLIC_ACCESS", "EKS_SECRETS_ENCRYPTED", "EKS_CLUSTER_LOGGING_ENABLED",
	"EKS_CLUSTER_SUPPORTED_VERSION", "GUARDDUTY_EKS_PROTECTION_RUNTIME_ENABLED",
}

_present := {id |
	some r in tf.managed("aws_config_config_rule")
	id := object.get(tf.block(r, "source"), "source_identifier", "")
}

deny contains result.new("EKS-CMP-004", c, [], msg) if {
	some c in tf.clusters
	count(tf.managed("aws_config_configuration_recorder")) == 0
	msg := sprintf("%s: no plan of this scan manages an AWS Config recorder, so the cluster's compliance is not recorded continuously. Manage aws_config_configuration_recorder and the EKS managed rules.", [c.name])
}

deny contains result.new("EKS-CMP-004", c, [], msg) if {
	some c in tf.clusters
	count(tf.managed("aws_config_configuration_recorder")) > 0
	missing := _wanted - _present
	count(missing) > 0
	msg := sprintf("%s: AWS Config does not evaluate the EKS managed rules %s. Add aws_config_config_rule resources for them.", [c.name, concat(", ", sort(missing))])
}
