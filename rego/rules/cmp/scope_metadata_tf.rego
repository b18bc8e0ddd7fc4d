package eks.rules.cmp.scope_metadata

import data.eks.lib.result
import data.eks.lib.tf

_required_tags := {k | some k in object.get(input.context, ["compliance", "required_tags"], [])}

_tag_set(c, k) if {
	v := tf.get(c, ["tags", k])
	is_string(v)
	trim_space(v) != ""
}

_tag_set(c, k) if {
	v := tf.get(c, ["tags_all", k])
	is_string(v)
	trim_space(v) != ""
}

_tag_set(c, k) if tf.unknown(c, ["tags_all", k])

# METADATA
# title: Cluster compliance tags
# description: Terraform part of EKS-CMP-005, on each aws_eks_cluster lacking a required tag.
deny contains result.new("EKS-CMP-005", c, ["values", "tags"], msg) if {
	count(_required_tags) > 0
	some c in tf.clusters
	missing := {k | some k in _required_tags; not _tag_set(c, k)}
	count(missing) > 0
	msg := sprintf("%s lacks the required compliance tag(s) %s.", [c.name, concat(", ", sort(missing))])
}
