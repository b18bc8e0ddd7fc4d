package eks.rules.data.external_secrets

import data.eks.lib.k8s
import data.eks.lib.result

_k8s_key(ns, name) := concat("/", [ns, name])

# Secrets an external mechanism produces, as "<namespace>/<name>" ("*/<name>" for every
# namespace): External Secrets Operator, Sealed Secrets, the Secrets Store CSI Driver's
# synced secrets, and cert-manager certificates (issued, not stored).
_k8s_produced contains _k8s_key(doc.namespace, name) if {
	some doc in k8s.of_kind("ExternalSecret")
	startswith(doc.apiVersion, "external-secrets.io/")
	name := _k8s_target(doc.object, doc.name)
}

_k8s_produced contains _k8s_key("*", name) if {
	some doc in k8s.of_kind("ClusterExternalSecret")
	startswith(doc.apiVersion, "external-secrets.io/")
	name := object.get(doc.object, ["spec", "externalSecretName"], doc.name)
}

_k8s_produced contains _k8s_key(doc.namespace, name) if {
	some doc in k8s.of_kind("SealedSecret")
	startswith(doc.apiVersion, "bitnami.com/")
	name := object.get(doc.object, ["spec", "template", "metadata", "name"], doc.name)
}

_k8s_produced contains _k8s_key(doc.namespace, o.secretName) if {
	some doc in k8s.of_kind("SecretProviderClass")
	startswith(doc.apiVersion, "secrets-store.csi.x-k8s.io/")
	some o in doc.object.spec.secretObjects
	is_string(o.secretName)
}

_k8s_produced contains _k8s_key(doc.namespace, doc.object.spec.secretName) if {
	some doc in k8s.of_kind("Certificate")
	startswith(doc.apiVersion, "cert-manager.io/")
	is_string(doc.object.spec.secretName)
}

_k8s_target(obj, fallback) := name if {
	name := obj.spec.target.name
	is_string(name)
	name != ""
} else := fallback

_k8s_secrets contains _k8s_key(doc.namespace, doc.name) if {
	some doc in k8s.of_kind("Secret")
	k8s.group(doc.apiVersion) == ""
}

# Every Secret a pod consumes: env, envFrom, secret volumes and projected secret sources
# (the document by id only: a set hashes its members, and a whole document is costly to hash).
_k8s_uses contains {"doc": {"id": pod.doc.id}, "ns": pod.doc.namespace, "name": ref.name, "path": array.concat(c.path, ["env", i, "valueFrom", "secretKeyRef"])} if {
	some pod in k8s.pods
	some c in k8s.containers(pod)
	some i, e in c.container.env
	ref := e.valueFrom.secretKeyRef
	is_string(ref.name)
}

_k8s_uses contains {"doc": {"id": pod.doc.id}, "ns": pod.doc.namespace, "name": ref.name, "path": array.concat(c.path, ["envFrom", i, "secretRef"])} if {
	some pod in k8s.pods
	some c in k8s.containers(pod)
	some i, e in c.container.envFrom
	ref := e.secretRef
	is_string(ref.name)
}

_k8s_uses contains {"doc": {"id": pod.doc.id}, "ns": pod.doc.namespace, "name": v.secret.secretName, "path": array.concat(pod.spec_path, ["volumes", i, "secret"])} if {
	some pod in k8s.pods
	some i, v in pod.spec.volumes
	is_string(v.secret.secretName)
}

_k8s_uses contains {"doc": {"id": pod.doc.id}, "ns": pod.doc.namespace, "name": s.secret.name, "path": array.concat(pod.spec_path, ["volumes", i, "projected", "sources", j, "secret"])} if {
	some pod in k8s.pods
	some i, v in pod.spec.volumes
	some j, s in v.projected.sources
	is_string(s.secret.name)
}

# Sets are looked up (`s[x]`), never tested with `in`, which iterates them in OPA's Wasm
# runtime (scripts/rego-lookups.mjs).
_k8s_external(ns, name) if _k8s_produced[_k8s_key(ns, name)]

_k8s_external(_, name) if _k8s_produced[_k8s_key("*", name)]

# METADATA
# title: Workloads consume Secrets from an external store
# description: >-
#   Kubernetes part of EKS-DATA-013 (a warning): a pod that consumes a Secret committed in
#   the scan, rather than one an ExternalSecret, SealedSecret, SecretProviderClass or
#   cert-manager Certificate produces. When the Secret is neither in the scan nor produced
#   by one of them, its origin is not evaluable (info).
deny contains result.new("EKS-DATA-013", u.doc, u.path, msg) if {
	some u in _k8s_uses
	ns := u.ns
	not _k8s_external(ns, u.name)
	_k8s_secrets[_k8s_key(ns, u.name)]
	msg := sprintf(`the pod uses Secret "%s", which is committed as a Kubernetes Secret rather than synced from an external store (ExternalSecret, SecretProviderClass) that rotates it`, [u.name])
}

deny contains object.union(result.new("EKS-DATA-013", u.doc, u.path, msg), {"severity": "info"}) if {
	some u in _k8s_uses
	ns := u.ns
	not _k8s_external(ns, u.name)
	not _k8s_secrets[_k8s_key(ns, u.name)]
	msg := sprintf(`Secret "%s/%s" is neither in the scan nor produced by an ExternalSecret, SealedSecret or SecretProviderClass in it, so whether it comes from an external store is not evaluable`, [ns, u.name])
}
