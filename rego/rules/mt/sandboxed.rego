# METADATA
# title: Untrusted workloads run sandboxed
# description: >-
#   Pods of namespaces labelled untrusted should run in a sandbox: a RuntimeClass on the
#   sandbox allow-list (Kata, gVisor) or an EKS Fargate profile (each pod on its own
#   micro-VM). Terraform part: the Fargate profiles of the plans (aws_eks_fargate_profile
#   selectors, namespace equality plus label subset) that a pod may match.
# related_resources:
#   - ref: https://docs.aws.amazon.com/eks/latest/best-practices/tenant-isolation.html
#     description: EKS Best Practices, Sandboxed execution environments for containers
# custom:
#   id: EKS-MT-008
#   severity: medium
#   mode: enforce
#   input: k8s
#   remediation: >-
#     Set runtimeClassName to a sandboxed RuntimeClass, or add an aws_eks_fargate_profile
#     selector for the namespace (and labels).
#   compliance:
#     cis-eks: ["5.6.1"]
#     eks-bp: ["multitenancy"]
#   tags: [multi-tenancy, sandbox]
package eks.rules.mt.sandboxed

import data.eks.lib.tf

# METADATA
# title: Fargate selectors
# description: >-
#   Every selector of the plans' Fargate profiles, as {profile, namespace, labels}: a pod
#   matches when its namespace equals namespace and its labels include labels.
fargate_selectors contains {"profile": p.name, "namespace": s.namespace, "labels": object.get(s, "labels", {})} if {
	some p in tf.managed("aws_eks_fargate_profile")
	some s in tf.get(p, ["selector"])
	is_object(s)
	is_string(s.namespace)
}

# METADATA
# title: On Fargate
# description: True when a pod (namespace, labels) matches a Fargate profile selector of the plans.
on_fargate(namespace, labels) if {
	some s in fargate_selectors
	glob.match(s.namespace, [], namespace)
	every k, v in _labels(s.labels) {
		object.get(labels, k, null) == v
	}
}

_labels(l) := l if is_object(l)

else := {}
