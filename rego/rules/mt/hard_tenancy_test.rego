package eks.rules.mt.hard_tenancy_test

import data.eks.rules.mt.hard_tenancy
import data.eks.test.tf

_ns(name, tenant) := {"id": 100, "file": "ns.yaml", "source": "manifest", "apiVersion": "v1", "kind": "Namespace", "name": name, "namespace": "", "object": {"metadata": {"name": name, "labels": {"tenant": tenant}}}}

_with(cluster, docs) := {"documents": array.concat(tf.input_of([cluster]).documents, docs), "context": tf.input_of([]).context}

test_other_tenant_fails if {
	c := tf.resource("aws_eks_cluster.c", {"tags": {"tenancy": "hard", "tenant": "acme"}})
	findings := hard_tenancy.deny with input as _with(c, [_ns("a", "acme"), _ns("b", "globex")])
	[f.path | some f in findings] == [["metadata", "labels", "tenant"]]
}

test_soft_tenancy_is_not_checked if {
	c := tf.resource("aws_eks_cluster.c", {"tags": {"tenant": "acme"}})
	count(hard_tenancy.deny) == 0 with input as _with(c, [_ns("b", "globex")])
}
