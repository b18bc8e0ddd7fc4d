# METADATA
# title: No Service externalIPs
# description: >-
#   spec.externalIPs makes every node accept traffic for those addresses and forward it to
#   the Service: whoever can create a Service can intercept traffic to any IP
#   (CVE-2020-8554). Block it unless the addresses are yours and approved.
# related_resources:
#   - ref: https://github.com/kubernetes/kubernetes/issues/97076
#     description: CVE-2020-8554, man in the middle using LoadBalancer or ExternalIPs
#   - ref: https://avd.aquasec.com/misconfig/ksv108
#     description: Trivy KSV108
# custom:
#   id: EKS-NET-018
#   severity: medium
#   mode: enforce
#   input: k8s
#   remediation: >-
#     Remove spec.externalIPs and expose the Service with a LoadBalancer or an Ingress. If the
#     addresses are approved, record an exception with the reason.
#   fix:
#     before: |
#       spec:
#         externalIPs: [203.0.113.10]
#     after: |
#       spec:
#         type: LoadBalancer
#   compliance:
#     eks-bp: ["network"]
#   tags: [network, service]
package eks.rules.net.external_ips

import data.eks.lib.result

import data.eks.lib.k8s
import data.eks.lib.netpol

deny contains netpol.finding("EKS-NET-018", doc, ["spec", "externalIPs"], msg, {}) if {
	some doc in k8s.of_kind("Service")
	doc.source != "terraform"
	k8s.group(doc.apiVersion) == ""
	ips := netpol.as_list(object.get(doc.object, ["spec", "externalIPs"], []))
	count(ips) > 0
	msg := sprintf("Service %s/%s sets spec.externalIPs (%s): nodes will route traffic for these addresses to it (CVE-2020-8554)", [doc.namespace, doc.name, concat(", ", [result.show(ip) | some ip in ips])])
}
