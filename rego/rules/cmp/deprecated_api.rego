# METADATA
# title: No removed API versions in manifests
# description: >-
#   A manifest whose apiVersion is no longer served by the target cluster is rejected at
#   apply time (or, worse, silently skipped by a tool that ignores unknown kinds), so the
#   change never reaches the cluster it was reviewed for. The table of removals follows the
#   Kubernetes deprecated API migration guide; the target minor is `cluster.version` in the
#   configuration (every known removal applies when it is not set).
# related_resources:
#   - ref: https://kubernetes.io/docs/reference/using-api/deprecation-guide/
#     description: Kubernetes, Deprecated API Migration Guide
#   - ref: https://docs.aws.amazon.com/eks/latest/best-practices/cluster-upgrades.html
#     description: EKS Best Practices, Cluster upgrades (use the deprecated API migration guide)
# custom:
#   id: EKS-CMP-002
#   severity: medium
#   mode: enforce
#   input: k8s
#   remediation: >-
#     Move the object to the replacement API version named in the finding (for example
#     `batch/v1` for CronJob, `networking.k8s.io/v1` for Ingress) and adapt any field the
#     new version renamed; PodSecurityPolicy has no replacement, use Pod Security Admission
#     labels on the namespace instead.
#   fix:
#     before: |
#       apiVersion: batch/v1beta1
#       kind: CronJob
#     after: |
#       apiVersion: batch/v1
#       kind: CronJob
#   compliance:
#     eks-bp: ["compliance", "pods"]
#     nsa-cisa: ["upgrading"]
#   tags: [compliance, upgrades]
package eks.rules.cmp.deprecated_api

import data.eks.lib.result

# Removed API versions by "apiVersion kind": the minor release that stopped serving it and
# the replacement ("" when there is none). Source: the Kubernetes deprecated API migration
# guide (removals in 1.16, 1.22, 1.25, 1.26, 1.27, 1.29 and 1.32).
removed := {
	# 1.16
	"extensions/v1beta1 Deployment": {"in": 16, "use": "apps/v1"},
	"extensions/v1beta1 DaemonSet": {"in": 16, "use": "apps/v1"},
	"extensions/v1beta1 ReplicaSet": {"in": 16, "use": "apps/v1"},
	"extensions/v1beta1 NetworkPolicy": {"in": 16, "use": "networking.k8s.io/v1"},
	"extensions/v1beta1 PodSecurityPolicy": {"in": 16, "use": "policy/v1beta1 (itself removed in 1.25)"},
	"apps/v1beta1 Deployment": {"in": 16, "use": "apps/v1"},
	"apps/v1beta1 StatefulSet": {"in": 16, "use": "apps/v1"},
	"apps/v1beta1 ControllerRevision": {"in": 16, "use": "apps/v1"},
	"apps/v1beta2 Deployment": {"in": 16, "use": "apps/v1"},
	"apps/v1beta2 StatefulSet": {"in": 16, "use": "apps/v1"},
	"apps/v1beta2 DaemonSet": {"in": 16, "use": "apps/v1"},
	"apps/v1beta2 ReplicaSet": {"in": 16, "use": "apps/v1"},
	"apps/v1beta2 ControllerRevision": {"in": 16, "use": "apps/v1"},
	# 1.22
	"admissionregistration.k8s.io/v1beta1 MutatingWebhookConfiguration": {"in": 22, "use": "admissionregistration.k8s.io/v1"},
	"admissionregistration.k8s.io/v1beta1 ValidatingWebhookConfiguration": {"in": 22, "use": "admissionregistration.k8s.io/v1"},
	"apiextensions.k8s.io/v1beta1 CustomResourceDefinition": {"in": 22, "use": "apiextensions.k8s.io/v1"},
	"apiregistration.k8s.io/v1beta1 APIService": {"in": 22, "use": "apiregistration.k8s.io/v1"},
	"authentication.k8s.io/v1beta1 TokenReview": {"in": 22, "use": "authentication.k8s.io/v1"},
	"authorization.k8s.io/v1beta1 SubjectAccessReview": {"in": 22, "use": "authorization.k8s.io/v1"},
	"authorization.k8s.io/v1beta1 LocalSubjectAccessReview": {"in": 22, "use": "authorization.k8s.io/v1"},
	"authorization.k8s.io/v1beta1 SelfSubjectAccessReview": {"in": 22, "use": "authorization.k8s.io/v1"},
	"certificates.k8s.io/v1beta1 CertificateSigningRequest": {"in": 22, "use": "certificates.k8s.io/v1"},
	"coordination.k8s.io/v1beta1 Lease": {"in": 22, "use": "coordination.k8s.io/v1"},
	"extensions/v1beta1 Ingress": {"in": 22, "use": "networking.k8s.io/v1"},
	"networking.k8s.io/v1beta1 Ingress": {"in": 22, "use": "networking.k8s.io/v1"},
	"networking.k8s.io/v1beta1 IngressClass": {"in": 22, "use": "networking.k8s.io/v1"},
	"rbac.authorization.k8s.io/v1beta1 ClusterRole": {"in": 22, "use": "rbac.authorization.k8s.io/v1"},
	"rbac.authorization.k8s.io/v1beta1 ClusterRoleBinding": {"in": 22, "use": "rbac.authorization.k8s.io/v1"},
	"rbac.authorization.k8s.io/v1beta1 Role": {"in": 22, "use": "rbac.authorization.k8s.io/v1"},
	"rbac.authorization.k8s.io/v1beta1 RoleBinding": {"in": 22, "use": "rbac.authorization.k8s.io/v1"},
	"scheduling.k8s.io/v1beta1 PriorityClass": {"in": 22, "use": "scheduling.k8s.io/v1"},
	"storage.k8s.io/v1beta1 CSIDriver": {"in": 22, "use": "storage.k8s.io/v1"},
	"storage.k8s.io/v1beta1 CSINode": {"in": 22, "use": "storage.k8s.io/v1"},
	"storage.k8s.io/v1beta1 StorageClass": {"in": 22, "use": "storage.k8s.io/v1"},
	"storage.k8s.io/v1beta1 VolumeAttachment": {"in": 22, "use": "storage.k8s.io/v1"},
	# 1.25
	"batch/v1beta1 CronJob": {"in": 25, "use": "batch/v1"},
	"discovery.k8s.io/v1beta1 EndpointSlice": {"in": 25, "use": "discovery.k8s.io/v1"},
	"events.k8s.io/v1beta1 Event": {"in": 25, "use": "events.k8s.io/v1"},
	"autoscaling/v2beta1 HorizontalPodAutoscaler": {"in": 25, "use": "autoscaling/v2"},
	"policy/v1beta1 PodDisruptionBudget": {"in": 25, "use": "policy/v1"},
	"policy/v1beta1 PodSecurityPolicy": {"in": 25, "use": ""},
	"node.k8s.io/v1beta1 RuntimeClass": {"in": 25, "use": "node.k8s.io/v1"},
	# 1.26
	"flowcontrol.apiserver.k8s.io/v1beta1 FlowSchema": {"in": 26, "use": "flowcontrol.apiserver.k8s.io/v1"},
	"flowcontrol.apiserver.k8s.io/v1beta1 PriorityLevelConfiguration": {"in": 26, "use": "flowcontrol.apiserver.k8s.io/v1"},
	"autoscaling/v2beta2 HorizontalPodAutoscaler": {"in": 26, "use": "autoscaling/v2"},
	# 1.27
	"storage.k8s.io/v1beta1 CSIStorageCapacity": {"in": 27, "use": "storage.k8s.io/v1"},
	# 1.29
	"flowcontrol.apiserver.k8s.io/v1beta2 FlowSchema": {"in": 29, "use": "flowcontrol.apiserver.k8s.io/v1"},
	"flowcontrol.apiserver.k8s.io/v1beta2 PriorityLevelConfiguration": {"in": 29, "use": "flowcontrol.apiserver.k8s.io/v1"},
	# 1.32
	"flowcontrol.apiserver.k8s.io/v1beta3 FlowSchema": {"in": 32, "use": "flowcontrol.apiserver.k8s.io/v1"},
	"flowcontrol.apiserver.k8s.io/v1beta3 PriorityLevelConfiguration": {"in": 32, "use": "flowcontrol.apiserver.k8s.io/v1"},
}

# The target cluster's minor version; unset (or unparsable) means "every known removal".
_target_minor := to_number(substring(v, 2, -1)) if {
	v := input.context.cluster.version
	is_string(v)
	regex.match(`^1\.[0-9]{1,3}$`, v)
} else := 1000

_replacement(entry) := sprintf("; use %s instead", [entry.use]) if entry.use != ""

else := "; it has no replacement (use Pod Security Admission namespace labels)"

_target_text := sprintf("the target cluster (Kubernetes %s)", [input.context.cluster.version]) if _target_minor < 1000

else := "current Kubernetes"

deny contains result.new("EKS-CMP-002", doc, ["apiVersion"], msg) if {
	some doc in input.documents
	is_string(doc.apiVersion)
	is_string(doc.kind)
	entry := removed[concat(" ", [doc.apiVersion, doc.kind])]
	entry["in"] <= _target_minor
	msg := sprintf("%s %s is no longer served since Kubernetes 1.%d, so %s rejects it%s", [doc.apiVersion, doc.kind, entry["in"], _target_text, _replacement(entry)])
}
