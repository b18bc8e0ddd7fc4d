# METADATA
# title: Istio clients do not disable TLS
# description: >-
#   A DestinationRule whose trafficPolicy (top level, per port, per subset) sets tls.mode
#   DISABLE sends plaintext to its host. For an external host, SIMPLE TLS without
#   caCertificates (or credentialName) or with insecureSkipVerify does not verify the
#   server, which is a warning. A host is external when a ServiceEntry of the scan lists it
#   or it is a dotted name outside the cluster domain.
# related_resources:
#   - ref: https://docs.aws.amazon.com/eks/latest/best-practices/network-security.html
#     description: EKS Best Practices, Encryption in transit, Service mesh
#   - ref: https://istio.io/latest/docs/reference/config/networking/destination-rule/#ClientTLSSettings
#     description: Istio, DestinationRule ClientTLSSettings
# custom:
#   id: EKS-NET-017
#   severity: medium
#   mode: enforce
#   input: k8s
#   remediation: >-
#     Use tls.mode ISTIO_MUTUAL inside the mesh (or remove the override), and for external
#     hosts SIMPLE with caCertificates (or credentialName) and without insecureSkipVerify.
#   fix:
#     before: |
#       trafficPolicy:
#         tls:
#           mode: DISABLE
#     after: |
#       trafficPolicy:
#         tls:
#           mode: ISTIO_MUTUAL
#   compliance:
#     eks-bp: ["network"]
#     nsa-cisa: ["network-separation"]
#   tags: [network, encryption-in-transit, istio]
package eks.rules.net.istio_client_tls

import data.eks.lib.result

import data.eks.lib.k8s
import data.eks.lib.netpol

_rules contains doc if {
	some doc in k8s.of_kind("DestinationRule")
	doc.source != "terraform"
	k8s.group(doc.apiVersion) == "networking.istio.io"
}

# Every ClientTLSSettings of a DestinationRule, with its path.
_tls_settings(doc) := {[path, tls] |
	some base in _policies(doc)
	some rel in _tls_paths(base.policy)
	tls := object.get(base.policy, rel, null)
	is_object(tls)
	path := array.concat(base.path, rel)
}

_policies(doc) := {{"path": ["spec", "trafficPolicy"], "policy": p} | p := doc.object.spec.trafficPolicy; is_object(p)} | {{"path": ["spec", "subsets", i, "trafficPolicy"], "policy": p} |
	some i, subset in netpol.as_list(doc.object.spec.subsets)
	p := subset.trafficPolicy
	is_object(p)
}

_tls_paths(policy) := {["tls"]} | {["portLevelSettings", i, "tls"] | some i, _ in netpol.as_list(policy.portLevelSettings)}

_internal_suffixes := [".svc", ".svc.cluster.local", ".cluster.local", ".local"]

_service_entry_hosts contains h if {
	some doc in k8s.of_kind("ServiceEntry")
	k8s.group(doc.apiVersion) == "networking.istio.io"
	some h in netpol.as_list(doc.object.spec.hosts)
	is_string(h)
}

_external(host) if _service_entry_hosts[host]

_external(host) if {
	some h in _service_entry_hosts
	startswith(h, "*.")
	endswith(host, substring(h, 1, -1))
}

_external(host) if {
	count(split(host, ".")) > 2
	not _internal(host)
}

_internal(host) if {
	some s in _internal_suffixes
	endswith(host, s)
}

deny contains netpol.finding("EKS-NET-017", doc, array.concat(path, ["mode"]), msg, {}) if {
	some doc in _rules
	some [path, tls] in _tls_settings(doc)
	tls.mode == "DISABLE"
	msg := sprintf("DestinationRule %s/%s sets %s.mode DISABLE: traffic to %s is sent in plaintext", [doc.namespace, doc.name, concat(".", [result.show(s) | some s in path]), result.show(doc.object.spec.host)])
}

deny contains netpol.finding("EKS-NET-017", doc, array.concat(path, [field]), msg, {"severity": "low", "mode": "warn"}) if {
	some doc in _rules
	host := doc.object.spec.host
	is_string(host)
	_external(host)
	some [path, tls] in _tls_settings(doc)
	tls.mode == "SIMPLE"
	[field, why] := _unverified(tls)
	msg := sprintf("DestinationRule %s/%s uses SIMPLE TLS to external host %s %s: the server's certificate is not verified", [doc.namespace, doc.name, host, why])
}

_unverified(tls) := ["insecureSkipVerify", "with insecureSkipVerify: true"] if tls.insecureSkipVerify == true

else := ["mode", "without caCertificates or credentialName"] if {
	not tls.caCertificates
	not tls.credentialName
}
