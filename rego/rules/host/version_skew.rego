# METADATA
# title: Node groups track the control-plane version
# description: >-
#   A managed node group whose Kubernetes minor version differs from its cluster's misses the
#   control plane's fixes and drifts toward unsupported skew. Both versions must be known at
#   plan time to compare.
# related_resources:
#   - ref: https://docs.aws.amazon.com/eks/latest/best-practices/protecting-the-infrastructure.html
#     description: EKS Best Practices, Keep your worker node OS updated
# custom:
#   id: EKS-HOST-005
#   severity: low
#   mode: enforce
#   input: tf
#   remediation: Upgrade the node group to the cluster's version (version = aws_eks_cluster.this.version).
#   compliance:
#     eks-bp: ["hosts"]
#   tags: [terraform, eks, nodes, upgrades]
package eks.rules.host.version_skew

import data.eks.lib.result
import data.eks.lib.tf

_minor(v) := to_number(parts[1]) if {
	is_string(v)
	regex.match(`^1\.[0-9]+`, v)
	parts := split(v, ".")
}

# One cluster per node group even when several match (for_each): the first by document id.
_cluster(g) := result.first(cs) if {
	cs := {c | some c in tf.refs(g, "cluster_name"); c.kind == "aws_eks_cluster"}
	count(cs) > 0
} else := result.first(cs) if {
	name := tf.get(g, ["cluster_name"])
	is_string(name)
	cs := {c |
		some c in tf.clusters
		c.object.plan == g.object.plan
		tf.get(c, ["name"]) == name
	}
	count(cs) > 0
}

deny contains result.new("EKS-HOST-005", g, ["values", "version"], msg) if {
	some g in tf.managed("aws_eks_node_group")
	c := _cluster(g)
	nv := tf.get(g, ["version"])
	cv := tf.get(c, ["version"])
	_minor(nv) != _minor(cv)
	msg := sprintf("Node group %s runs Kubernetes %s while its cluster %s runs %s. Keep node groups on the control-plane version.", [g.name, nv, c.name, cv])
}
