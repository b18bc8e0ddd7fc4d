# METADATA
# title: VPC Flow Logs for the cluster VPC
# description: >-
#   The VPC of the cluster (the VPC of the aws_subnet resources in vpc_config.subnet_ids,
#   resolved through references) should have an aws_flow_log, ideally of traffic_type ALL (a
#   warning otherwise). When the cluster's subnets are not in the plan, the VPC cannot be
#   determined and a plan without any flow log gets an informational finding.
# related_resources:
#   - ref: https://docs.aws.amazon.com/eks/latest/best-practices/network-security.html
#     description: EKS Best Practices, Log network traffic metadata
# custom:
#   id: EKS-DET-007
#   severity: medium
#   mode: enforce
#   input: tf
#   remediation: Add an aws_flow_log with vpc_id = the cluster's VPC and traffic_type = "ALL".
#   compliance:
#     eks-bp: ["network"]
#   tags: [terraform, network, logging]
package eks.rules.det.flow_logs

import data.eks.lib.result
import data.eks.lib.tf

_subnets(c) := {s | some s in tf.refs_under(c, "vpc_config"); s.kind == "aws_subnet"}

_vpc_keys_of_subnet(s) := {k |
	some v in tf.refs(s, "vpc_id")
	k := v.name
} | {k |
	id := tf.get(s, ["vpc_id"])
	is_string(id)
	k := id
}

_cluster_vpcs(c) := {k | some s in _subnets(c); some k in _vpc_keys_of_subnet(s)}

_targets(fl) := ({k |
	some v in tf.refs(fl, "vpc_id")
	k := v.name
} | {k |
	id := tf.get(fl, ["vpc_id"])
	is_string(id)
	k := id
}) | {k |
	some s in tf.refs(fl, "subnet_id")
	some k in _vpc_keys_of_subnet(s)
}

_flow_logs(plan) := {fl | some fl in tf.managed("aws_flow_log"); fl.object.plan == plan}

_covering(c) := {fl |
	some fl in _flow_logs(c.object.plan)
	count(_targets(fl) & _cluster_vpcs(c)) > 0
}

deny contains result.new("EKS-DET-007", c, ["values", "vpc_config", 0, "subnet_ids"], msg) if {
	some c in tf.clusters
	count(_cluster_vpcs(c)) > 0
	count(_covering(c)) == 0
	msg := sprintf("%s: the cluster's VPC (%s) has no VPC Flow Log, so network traffic to and from pods and nodes is not recorded. Add an aws_flow_log for it with traffic_type = \"ALL\".", [c.name, concat(", ", sort(_cluster_vpcs(c)))])
}

deny contains tf.finding("EKS-DET-007", c, ["values", "vpc_config", 0, "subnet_ids"], msg, {"severity": "info"}) if {
	some c in tf.clusters
	count(_cluster_vpcs(c)) == 0
	count(_flow_logs(c.object.plan)) == 0
	msg := sprintf("%s: the cluster's subnets are not managed in this plan, so its VPC cannot be determined, and the plan manages no aws_flow_log. Make sure the cluster VPC has flow logs.", [c.name])
}

deny contains tf.finding("EKS-DET-007", fl, ["values", "traffic_type"], msg, {"mode": "warn", "severity": "low"}) if {
	some c in tf.clusters
	some fl in _covering(c)
	tf.get(fl, ["traffic_type"]) != "ALL"
	msg := sprintf("Flow log %s of cluster %s's VPC records only %s traffic. Set traffic_type = \"ALL\".", [fl.name, c.name, result.show(tf.get(fl, ["traffic_type"]))])
}
