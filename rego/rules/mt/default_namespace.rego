# METADATA
# title: No workloads in the default namespace
# description: >-
#   Workloads, Services, ConfigMaps and Secrets belong in a namespace of their own, where
#   quotas, NetworkPolicies, RBAC and Pod Security levels can be scoped to them. An object
#   without metadata.namespace lands in `default` unless the gate is told the namespace
#   (config namespaces.default, or a Helm release's namespace). The API server's own
#   `kubernetes` Service and `kube-root-ca.crt` ConfigMap are not reported.
# related_resources:
#   - ref: https://docs.aws.amazon.com/eks/latest/best-practices/tenant-isolation.html
#     description: EKS Best Practices, Multi-tenancy, Namespaces
#   - ref: https://avd.aquasec.com/misconfig/ksv110
#     description: Trivy KSV110
# custom:
#   id: EKS-MT-005
#   severity: low
#   mode: enforce
#   input: k8s
#   remediation: >-
#     Set metadata.namespace to the application's namespace (or render the chart with
#     `--namespace`, or set namespaces.default in the configuration).
#   fix:
#     before: |
#       metadata:
#         name: web
#     after: |
#       metadata:
#         name: web
#         namespace: shop
#   compliance:
#     cis-eks: ["4.5.2"]
#     eks-bp: ["multitenancy"]
#   tags: [multi-tenancy, namespaces]
package eks.rules.mt.default_namespace

import data.eks.lib.k8s
import data.eks.lib.netpol

_kinds := {"Service", "ConfigMap", "Secret"}

_builtin := {["Service", "kubernetes"], ["ConfigMap", "kube-root-ca.crt"]}

_reported(doc) if netpol.workloads[doc.id]

_reported(doc) if {
	doc.kind in _kinds
	k8s.group(doc.apiVersion) == ""
	not [doc.kind, doc.name] in _builtin
}

deny contains netpol.finding("EKS-MT-005", doc, path, msg, {}) if {
	not netpol.exempt("default")
	some doc in input.documents
	doc.source != "terraform"
	doc.namespace == "default"
	_reported(doc)
	[path, how] := _where(doc)
	msg := sprintf("%s %s is in the default namespace%s: give it a namespace of its own", [doc.kind, doc.name, how])
}

_where(doc) := [["metadata", "namespace"], ""] if doc.object.metadata.namespace == "default"

else := [["metadata"], " (it sets no metadata.namespace)"]
