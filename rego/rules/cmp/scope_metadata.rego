# METADATA
# title: Compliance-scope metadata present
# description: >-
#   An auditor scopes a compliance programme by what each namespace (and cluster) holds:
#   data classification, compliance scope, owner. The organisation lists the keys every
#   Namespace must carry as labels (`compliance.required-labels` in the configuration) and
#   every `aws_eks_cluster` as tags (`compliance.required-tags`); with no list configured the
#   rule checks nothing. System namespaces (`namespaces.system`) are not checked.
# related_resources:
#   - ref: https://docs.aws.amazon.com/eks/latest/best-practices/compliance.html
#     description: EKS Best Practices, Compliance (shared responsibility, scoping)
# custom:
#   id: EKS-CMP-005
#   severity: low
#   mode: enforce
#   input: k8s
#   remediation: >-
#     Add every required key to the Namespace's `metadata.labels` (and to the cluster's
#     `tags` in Terraform), with the value your compliance programme defines for it.
#   fix:
#     before: |
#       metadata:
#         name: payments
#     after: |
#       metadata:
#         name: payments
#         labels:
#           data-classification: confidential
#           compliance-scope: pci
#   compliance:
#     eks-bp: ["compliance"]
#   tags: [compliance, metadata]
package eks.rules.cmp.scope_metadata

import data.eks.lib.k8s
import data.eks.lib.result

_required_labels := {k | some k in object.get(input.context, ["compliance", "required_labels"], [])}

_system := {ns | some ns in input.context.namespaces.system}

_labels(doc) := l if {
	l := doc.object.metadata.labels
	is_object(l)
} else := {}

# Where the labels are, or their nearest parent that exists.
_path(doc) := ["metadata", "labels"] if is_object(doc.object.metadata.labels)

else := ["metadata"]

deny contains result.new("EKS-CMP-005", doc, _path(doc), msg) if {
	count(_required_labels) > 0
	some doc in k8s.of_kind("Namespace")
	doc.apiVersion == "v1"
	not _system[doc.name]
	labels := _labels(doc)
	missing := {k | some k in _required_labels; not _has_value(labels, k)}
	count(missing) > 0
	msg := sprintf("Namespace %s lacks the required compliance label(s) %s", [doc.name, concat(", ", sort(missing))])
}

_has_value(labels, key) if {
	v := labels[key]
	is_string(v)
	trim_space(v) != ""
}
