# METADATA
# title: No user workloads in kube-system
# description: >-
#   kube-system holds the cluster's own components, runs with elevated trust (many of its
#   service accounts are powerful, and it is usually exempt from Pod Security) and is
#   watched less: a user workload there escapes the controls of its own namespace. Pod
#   carriers in kube-system are reported unless their name is an EKS add-on or well-known
#   system component (aws-node, kube-proxy, coredns, the EBS, EFS, FSx and S3 CSI drivers,
#   eks-pod-identity-agent, aws-load-balancer-controller, cluster-autoscaler, metrics-server,
#   karpenter, ...).
# related_resources:
#   - ref: https://docs.aws.amazon.com/eks/latest/best-practices/tenant-isolation.html
#     description: EKS Best Practices, Multi-tenancy (namespaces)
# custom:
#   id: EKS-POD-008
#   severity: medium
#   mode: enforce
#   input: k8s
#   remediation: >-
#     Move the workload to a namespace of its own with Pod Security labels; if it is a system
#     add-on, record an exception with its owner and reason.
#   fix:
#     before: |
#       metadata:
#         namespace: kube-system
#     after: |
#       metadata:
#         namespace: platform-tools
#   compliance:
#     eks-bp: ["multitenancy"]
#   tags: [multi-tenancy, hardening]
package eks.rules.pod.kube_system

import data.eks.lib.k8s
import data.eks.lib.result

# METADATA
# title: Allowed names
# description: >-
#   Workload names that belong in kube-system: each entry matches the name itself and the
#   name followed by "-" and anything (ebs-csi matches ebs-csi-controller and ebs-csi-node).
allowed := [
	"aws-node", "kube-proxy", "coredns", "ebs-csi", "efs-csi", "fsx-csi", "fsx-openzfs-csi",
	"s3-csi", "eks-pod-identity-agent", "eks-node-monitoring-agent",
	"aws-load-balancer-controller", "cluster-autoscaler", "metrics-server",
	"aws-node-termination-handler", "karpenter", "snapshot-controller",
]

_allowed(name) if name in allowed

_allowed(name) if {
	some prefix in allowed
	startswith(name, concat("", [prefix, "-"]))
}

deny contains result.new("EKS-POD-008", pod.doc, ["metadata", "namespace"], msg) if {
	some pod in k8s.pods
	pod.doc.namespace == "kube-system"
	not _allowed(pod.doc.name)
	msg := sprintf(
		`%s "%s" runs in kube-system, which is reserved for the cluster's own components; move it to a namespace of its own`,
		[pod.doc.kind, pod.doc.name],
	)
}
