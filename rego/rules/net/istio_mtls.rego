# METADATA
# title: Istio mesh-wide mTLS is STRICT
# description: >-
#   Where the scan has Istio resources, a PeerAuthentication (security.istio.io) in the
#   root namespace (istio-system, config network.istio-root-namespace) without a selector
#   must set mtls.mode STRICT: an unset mode means PERMISSIVE, so workloads accept
#   plaintext. Namespace- and workload-level PeerAuthentications, and their portLevelMtls,
#   must not lower it to PERMISSIVE or DISABLE (record an exception for a deliberate one).
#   More than one mesh-wide, or one namespace-wide, policy is a conflict Istio resolves by
#   age. A missing mesh-wide policy is reported as info where the scan is not authoritative
#   for the root namespace (it may be applied from elsewhere).
# related_resources:
#   - ref: https://docs.aws.amazon.com/eks/latest/best-practices/network-security.html
#     description: EKS Best Practices, Encryption in transit, Service mesh
#   - ref: https://istio.io/latest/docs/reference/config/security/peer_authentication/
#     description: Istio, PeerAuthentication
# custom:
#   id: EKS-NET-016
#   severity: medium
#   mode: enforce
#   input: k8s
#   remediation: >-
#     Apply a PeerAuthentication named default in istio-system with no selector and
#     `mtls: {mode: STRICT}`, and remove PERMISSIVE or DISABLE overrides once clients use mTLS.
#   fix:
#     before: |
#       spec:
#         mtls:
#           mode: PERMISSIVE
#     after: |
#       spec:
#         mtls:
#           mode: STRICT
#   compliance:
#     eks-bp: ["network"]
#     nsa-cisa: ["network-separation"]
#   tags: [network, encryption-in-transit, istio]
package eks.rules.net.istio_mtls

import data.eks.lib.k8s
import data.eks.lib.netpol

_root := object.get(input.context, ["network", "istio_root_namespace"], "istio-system")

_istio_docs := [doc |
	some doc in input.documents
	doc.source != "terraform"
	endswith(k8s.group(doc.apiVersion), ".istio.io")
]

_peer_auths := [doc |
	some doc in _istio_docs
	doc.kind == "PeerAuthentication"
	k8s.group(doc.apiVersion) == "security.istio.io"
]

_spec(doc) := s if {
	s := doc.object.spec
	is_object(s)
} else := {}

_has_selector(doc) if {
	ml := object.get(_spec(doc), ["selector", "matchLabels"], {})
	is_object(ml)
	count(ml) > 0
}

_mode(obj) := m if {
	m := obj.mtls.mode
	is_string(m)
	m != ""
} else := "UNSET"

_mesh_wide := [doc | some doc in _peer_auths; doc.namespace == _root; not _has_selector(doc)]

_namespace_wide := [doc | some doc in _peer_auths; doc.namespace != _root; not _has_selector(doc)]

_weak := {"PERMISSIVE", "DISABLE"}

_mode_path(doc) := ["spec", "mtls", "mode"] if _spec(doc).mtls.mode

else := ["spec"]

# No mesh-wide policy at all.
deny contains f if {
	count(_istio_docs) > 0
	count(_mesh_wide) == 0
	anchor := _istio_docs[0]
	msg := sprintf("the scan has Istio resources but no mesh-wide PeerAuthentication (namespace %s, no selector, mtls.mode STRICT): workloads without their own policy accept plaintext (PERMISSIVE)", [_root])
	f := netpol.scoped_finding("EKS-NET-016", anchor, ["kind"], msg, _root)
}

# A mesh-wide policy that is not STRICT.
deny contains netpol.finding("EKS-NET-016", doc, _mode_path(doc), msg, {}) if {
	some doc in _mesh_wide
	mode := _mode(_spec(doc))
	mode != "STRICT"
	msg := sprintf("mesh-wide PeerAuthentication %s/%s sets mtls.mode %s%s: every workload without its own policy accepts plaintext", [doc.namespace, doc.name, mode, _unset_note(mode)])
}

_unset_note("UNSET") := " (unset means PERMISSIVE at mesh level)"

_unset_note(m) := "" if m != "UNSET"

# Namespace- and workload-level policies that weaken mTLS.
deny contains netpol.finding("EKS-NET-016", doc, _mode_path(doc), msg, {}) if {
	some doc in _peer_auths
	not doc in _mesh_wide
	mode := _mode(_spec(doc))
	mode in _weak
	msg := sprintf("PeerAuthentication %s/%s (%s) sets mtls.mode %s: %s", [doc.namespace, doc.name, _scope(doc), mode, _effect(mode)])
}

deny contains netpol.finding("EKS-NET-016", doc, ["spec", "portLevelMtls", port, "mode"], msg, {}) if {
	some doc in _peer_auths
	some port, setting in object.get(_spec(doc), "portLevelMtls", {})
	mode := _mode({"mtls": setting})
	mode in _weak
	msg := sprintf("PeerAuthentication %s/%s sets portLevelMtls %v to %s: %s on that port", [doc.namespace, doc.name, port, mode, _effect(mode)])
}

_scope(doc) := "workload-level" if _has_selector(doc)

else := "namespace-wide"

_effect("PERMISSIVE") := "its workloads also accept plaintext"

_effect("DISABLE") := "its workloads accept only plaintext"

# Conflicts: Istio applies only the oldest of several mesh-wide or namespace-wide policies.
deny contains netpol.finding("EKS-NET-016", doc, ["metadata", "name"], msg, {}) if {
	some group in [_mesh_wide, _namespace_wide]
	some doc in group
	others := [o.name | some o in group; o.namespace == doc.namespace; o.id != doc.id]
	count(others) > 0
	msg := sprintf("PeerAuthentication %s/%s conflicts with %s: more than one policy without a selector in namespace %s; Istio applies only the oldest", [doc.namespace, doc.name, concat(", ", sort(others)), doc.namespace])
}
