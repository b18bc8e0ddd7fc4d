# METADATA
# title: Image signature or attestation verification is enforced at admission
# description: >-
#   Signing images helps only if the cluster refuses unsigned ones. A warning per namespace
#   with workloads that no verification policy in the scan covers: a Kyverno ClusterPolicy or
#   Policy with `verifyImages` rules (namespaces restricted by `match ... namespaces` are
#   honoured) or an ImageValidatingPolicy, a sigstore policy-controller ClusterImagePolicy
#   (namespaces labelled `policy.sigstore.dev/include: "true"`, or not in the scan), or a
#   Ratify verification constraint for Gatekeeper. When verification is enforced by a
#   platform repository, set `images.verification: true`.
# related_resources:
#   - ref: https://docs.aws.amazon.com/eks/latest/best-practices/image-security.html
#     description: EKS Best Practices, Image integrity verification using Kubernetes admission controller
# custom:
#   id: EKS-IMG-013
#   severity: low
#   mode: warn
#   input: k8s
#   remediation: >-
#     Deploy Kyverno `verifyImages`, the sigstore policy-controller or Ratify with Gatekeeper,
#     verifying AWS Signer or cosign signatures; or set `images.verification: true` when a
#     platform repository enforces it.
#   compliance:
#     eks-bp: ["image"]
#   tags: [images, supply-chain]
package eks.rules.img.verification

import data.eks.lib.images
import data.eks.lib.k8s
import data.eks.lib.pss
import data.eks.lib.result

_kyverno(doc) if startswith(doc.apiVersion, "kyverno.io/")

_verify_rules(doc) := [r |
	some r in doc.object.spec.rules
	is_array(r.verifyImages)
	count(r.verifyImages) > 0
]

# Namespaces a Kyverno rule's match names, or "*" when it does not restrict them.
_match_namespaces(r) := {ns |
	some block in _match_blocks(object.get(r, "match", {}))
	some ns in block.resources.namespaces
}

_match_blocks(m) := array.concat(array.concat([m], _list(object.get(m, "any", []))), _list(object.get(m, "all", []))) if is_object(m)

else := []

_list(x) := x if is_array(x)

else := []

_covered contains "*" if {
	some doc in k8s.of_kind("ClusterPolicy")
	_kyverno(doc)
	some r in _verify_rules(doc)
	count(_match_namespaces(r)) == 0
}

_covered contains ns if {
	some doc in k8s.of_kind("ClusterPolicy")
	_kyverno(doc)
	some r in _verify_rules(doc)
	some ns in _match_namespaces(r)
}

_covered contains doc.namespace if {
	some doc in k8s.of_kind("Policy")
	_kyverno(doc)
	count(_verify_rules(doc)) > 0
}

_covered contains "*" if {
	some doc in k8s.of_kind("ImageValidatingPolicy")
	startswith(doc.apiVersion, "policies.kyverno.io/")
}

_covered contains "*" if {
	some doc in k8s.of_kind("RatifyVerification")
	startswith(doc.apiVersion, "constraints.gatekeeper.sh/")
	count(object.get(doc.object, ["spec", "match", "namespaces"], [])) == 0
}

_covered contains ns if {
	some doc in k8s.of_kind("RatifyVerification")
	startswith(doc.apiVersion, "constraints.gatekeeper.sh/")
	some ns in doc.object.spec.match.namespaces
}

_sigstore if {
	some doc in k8s.of_kind("ClusterImagePolicy")
	startswith(doc.apiVersion, "policy.sigstore.dev/")
}

_is_covered(_) if _covered["*"]

_is_covered(ns) if _covered[ns]

_is_covered(_) if object.get(input.context, ["images", "verification"], false) == true

# policy-controller enforces in namespaces that opt in; one not in the scan may have.
_is_covered(ns) if {
	_sigstore
	not pss.namespace_in_scan(ns)
}

_is_covered(ns) if {
	_sigstore

	# The first Namespace object's labels when one is defined twice.
	pss.namespace_labels(ns)["policy.sigstore.dev/include"] == "true"
}

# The first workload (lowest document id) of each namespace carries the namespace's warning.
_workloads[c.pod.doc.namespace] contains c.pod.doc.id if some c in images.containers

deny contains result.new("EKS-IMG-013", doc, [], msg) if {
	some ns, ids in _workloads
	not _is_covered(ns)
	doc := input.documents[min(ids)]
	msg := sprintf(`no image signature verification policy in the scan covers namespace "%s" (%d workload%s): unsigned images would be admitted; set images.verification: true if a platform repository enforces it`, [ns, count(ids), _plural(count(ids))])
}

_plural(1) := ""

_plural(n) := "s" if n != 1

# A default, so the rule is computed once: OPA's Wasm target does not memoise undefined rules.
default _sigstore := false
