# METADATA
# title: No host ports
# description: >-
#   A hostPort binds a port on the node's own interfaces, bypassing Service routing and most
#   NetworkPolicy implementations, and limits scheduling. PSA has no allow-list: any non-zero
#   hostPort is refused. PSA check hostPorts (baseline, all versions).
# related_resources:
#   - ref: https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline
#     description: Pod Security Standards, Baseline, Host Ports
# custom:
#   id: EKS-PSB-005
#   severity: medium
#   mode: enforce
#   input: k8s
#   pss_check: hostPorts
#   remediation: >-
#     Remove `hostPort` (keep `containerPort`) and expose the pod through a Service
#     (ClusterIP, NodePort or a load balancer) instead.
#   fix:
#     before: |
#       ports:
#         - containerPort: 8080
#           hostPort: 8080
#     after: |
#       ports:
#         - containerPort: 8080
#   compliance:
#     pss: ["baseline"]
#     nsa-cisa: ["pod-security"]
#   tags: [pod-security, pss-baseline]
package eks.rules.psb.host_ports

import data.eks.lib.result

import data.eks.lib.k8s
import data.eks.lib.pss

# METADATA
# title: Offending fields
# description: Each offending field of each pod under each PSA mode that runs the check, keyed by [document id, path].
hits[[pod.doc.id, path]] contains pss.hit(pod, p, path, detail) if {
	some pod in k8s.pods
	some p in pss.first_runs(pod, "hostPorts")
	some c in k8s.containers(pod)
	some i, port in pss.array_or_empty(c.container.ports)
	is_number(port.hostPort)
	port.hostPort != 0
	path := array.concat(c.path, ["ports", i, "hostPort"])
	detail := sprintf(`hostPort (container "%s" uses hostPort %s)`, [c.name, result.show(port.hostPort)])
}

deny contains pss.strictest("EKS-PSB-005", hs) if some hs in hits
