# METADATA
# title: Service discovery reduced for isolated workloads
# description: >-
#   Opt-in, per workload. A workload labelled eks-policy-gate.io/isolated "true" (on the
#   workload or its pod template) should not learn about the namespace's Services: Kubernetes
#   injects every Service's address as environment variables unless enableServiceLinks is
#   false, and the cluster DNS answers lookups of every Service unless dnsPolicy is Default
#   (node DNS) or None. A missing enableServiceLinks: false is a finding; the DNS policy is
#   reported for information in audit mode.
# related_resources:
#   - ref: https://docs.aws.amazon.com/eks/latest/best-practices/pod-security.html
#     description: EKS Best Practices, Disable service discovery
# custom:
#   id: EKS-POD-007
#   severity: low
#   mode: enforce
#   input: k8s
#   remediation: >-
#     Set `enableServiceLinks: false` in the pod spec of the isolated workload, and
#     `dnsPolicy: Default` if it resolves no in-cluster names.
#   fix:
#     before: |
#       spec:
#         containers: [...]
#     after: |
#       spec:
#         enableServiceLinks: false
#         dnsPolicy: Default
#         containers: [...]
#   compliance:
#     eks-bp: ["pods"]
#   tags: [hardening, opt-in]
package eks.rules.pod.service_discovery

import data.eks.lib.k8s
import data.eks.lib.pss
import data.eks.lib.result

# METADATA
# title: Isolation label
# description: The label that opts a workload into this rule.
label := "eks-policy-gate.io/isolated"

_isolated(pod) if pss.object_or_empty(pod.metadata.labels)[label] == "true"

_isolated(pod) if pss.object_or_empty(object.get(pod.doc.object, ["metadata", "labels"], {}))[label] == "true"

deny contains result.new("EKS-POD-007", pod.doc, path, msg) if {
	some pod in k8s.pods
	_isolated(pod)
	object.get(pod.spec, "enableServiceLinks", null) != false
	path := array.concat(pod.spec_path, ["enableServiceLinks"])
	msg := sprintf(
		`workload labelled %s=true must set enableServiceLinks: false, or every Service in the namespace is injected into its containers' environment`,
		[label],
	)
}

deny contains result.with_mode("EKS-POD-007", pod.doc, path, msg, "audit") if {
	some pod in k8s.pods
	_isolated(pod)
	policy := object.get(pod.spec, "dnsPolicy", "ClusterFirst")
	not policy in {"Default", "None"}
	path := array.concat(pod.spec_path, ["dnsPolicy"])
	msg := sprintf(
		`workload labelled %s=true resolves in-cluster Service names (dnsPolicy %s); use dnsPolicy: Default if it needs none`,
		[label, pss.display(policy)],
	)
}
