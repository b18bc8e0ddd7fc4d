# METADATA
# title: No secrets in metadata
# description: >-
#   Annotations and labels are readable by everyone who can list the object, copied into
#   events and tooling, and never encrypted. Every annotation and label value of every kind is
#   matched against the high-confidence patterns. The
#   `kubectl.kubernetes.io/last-applied-configuration` annotation is a JSON copy of the whole
#   object as it was applied, so a Secret, ConfigMap or pod spec embedded in it is checked as
#   DATA-007, DATA-009 and DATA-010 check the object itself: a Secret deleted from `data` can
#   still live on there. The value is never shown, only its first characters and its length.
# related_resources:
#   - ref: https://docs.aws.amazon.com/eks/latest/best-practices/data-encryption-and-secrets-management.html
#     description: EKS Best Practices, Secrets management
# custom:
#   id: EKS-DATA-011
#   severity: high
#   mode: enforce
#   input: k8s
#   remediation: >-
#     Remove the value from the annotation or label and rotate it. Delete a committed
#     `kubectl.kubernetes.io/last-applied-configuration` annotation (kubectl writes it on the
#     cluster; it has no place in a manifest), or apply with server-side apply.
#   compliance:
#     eks-bp: ["data"]
#   tags: [secrets, data]
package eks.rules.data.metadata_secrets

import data.eks.lib.result

import data.eks.lib.k8s
import data.eks.lib.secrets

_last_applied := "kubectl.kubernetes.io/last-applied-configuration"

_objects := [doc.object | some doc in input.documents; doc.source != "terraform"]

deny contains f if {
	not secrets.metadata_clean(_objects)
	some doc in input.documents
	doc.source != "terraform"
	some r in secrets.metadata_values(doc.object)
	msg := sprintf(`%s holds %s; annotations and labels are readable by anyone who can list the object`, [r.where, secrets.describe(r.summary)])
	f := secrets.finding("EKS-DATA-011", doc, r.path, [], msg, r.summary)
}

# The embedded object of last-applied-configuration, checked like a document.
_embedded(doc) := obj if {
	raw := doc.object.metadata.annotations[_last_applied]
	is_string(raw)
	json.is_valid(raw)
	obj := json.unmarshal(raw)
	is_object(obj)
}

_embedded_hits(obj) := secrets.secret_data(obj) if {
	obj.kind == "Secret"
	k8s.group(object.get(obj, "apiVersion", "")) == ""
} else := secrets.configmap_data(obj) if {
	obj.kind == "ConfigMap"
	k8s.group(object.get(obj, "apiVersion", "")) == ""
} else := secrets.pod_literals(obj)

deny contains f if {
	some doc in input.documents
	doc.source != "terraform"
	obj := _embedded(doc)
	some r in (_embedded_hits(obj) | secrets.metadata_values(obj))
	msg := sprintf(
		`annotation "%s" embeds a copy of the %s with %s holding %s; remove the annotation from the manifest`,
		[_last_applied, result.show(object.get(obj, "kind", "object")), r.where, secrets.describe(r.summary)],
	)
	f := secrets.finding("EKS-DATA-011", doc, ["metadata", "annotations", _last_applied], r.path, msg, r.summary)
}
