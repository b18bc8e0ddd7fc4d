# METADATA
# title: Every workload is ingress-isolated
# description: >-
#   Each workload's pods must be selected by at least one NetworkPolicy with Ingress in its
#   effective policyTypes, in the workload's own namespace, matched on the pod-template
#   labels (for a CronJob, spec.jobTemplate.spec.template.metadata.labels). Otherwise any
#   pod of the cluster can reach it. Pods on the host network are reported as not
#   enforceable (NetworkPolicy does not apply to them), and pods matched by a
#   SecurityGroupPolicy while the VPC CNI runs in strict mode are not covered either. Also
#   reports NetworkPolicies the API server would reject (they select nothing). Where the
#   scan is not authoritative for the namespace, findings are info ("not evaluable").
# related_resources:
#   - ref: https://docs.aws.amazon.com/eks/latest/best-practices/network-security.html
#     description: EKS Best Practices, Network security, Network policy
#   - ref: https://kubernetes.io/docs/concepts/services-networking/network-policies/#the-two-sorts-of-pod-isolation
#     description: Kubernetes, Network Policies, The two sorts of pod isolation
# custom:
#   id: EKS-NET-004
#   severity: high
#   mode: enforce
#   input: k8s
#   remediation: >-
#     Add a default-deny ingress policy to the namespace (`podSelector: {}`, `policyTypes:
#     [Ingress]`) and a policy that selects the workload's pod-template labels and allows
#     only the sources it needs. Check that the policy is in the workload's namespace and
#     that its podSelector matches the template labels, not the workload's own labels.
#   fix:
#     before: |
#       metadata:
#         name: web
#       spec:
#         podSelector:
#           matchLabels:
#             app: website   # the pods are labelled app=web
#     after: |
#       metadata:
#         name: web
#       spec:
#         podSelector:
#           matchLabels:
#             app: web
#         policyTypes: [Ingress]
#   compliance:
#     cis-eks: ["4.3.2"]
#     eks-bp: ["network"]
#     nsa-cisa: ["network-separation"]
#   tags: [network, network-policy, coverage]
package eks.rules.net.ingress_isolation

import data.eks.lib.netpol

deny contains netpol.scoped_finding("EKS-NET-004", w.pod.doc, w.labels_path, msg, w.ns) if {
	some id, w in netpol.workloads
	not netpol.exempt(w.ns)
	not netpol.host_network(w)
	not netpol.workload_isolated(id, "Ingress")
	_checked(w.ns)
	msg := _message(id, w)
}

_checked(ns) if netpol.authoritative(ns)

_checked(ns) if netpol.has_policies(ns)

_message(id, w) := sprintf("%s is not ingress-isolated: its pods are matched by SecurityGroupPolicy %s and the VPC CNI enforces security groups in strict mode, so NetworkPolicy does not apply", [netpol.describe(w), concat(", ", netpol.workload_sgp_names(id))]) if {
	count(netpol.workload_isolating_names(id, "Ingress")) > 0
} else := sprintf("%s is not ingress-isolated: no NetworkPolicy in namespace %s selects its pods (%s) with Ingress in its policyTypes", [netpol.describe(w), w.ns, netpol.labels_text(w.labels)])

# Host-network pods: NetworkPolicy cannot isolate them at all.
deny contains netpol.finding("EKS-NET-004", w.pod.doc, array.concat(w.pod.spec_path, ["hostNetwork"]), msg, {"severity": "info"}) if {
	some w in netpol.workloads
	not netpol.exempt(w.ns)
	netpol.host_network(w)
	msg := sprintf("%s uses the host network: NetworkPolicy is not enforceable on its pods (ingress and egress), whatever selects them", [netpol.describe(w)])
}

# NetworkPolicies the API server would reject: they select nothing.
deny contains netpol.finding("EKS-NET-004", p.doc, problem.path, msg, {"severity": "medium"}) if {
	some _, p in netpol.policies
	not netpol.exempt(p.ns)
	some problem in netpol.policy_problems(p.doc.object)
	msg := sprintf("NetworkPolicy %s/%s is invalid (%s): the API server rejects it, so it isolates nothing", [p.ns, p.name, problem.message])
}
