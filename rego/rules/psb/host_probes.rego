# METADATA
# title: Probes and lifecycle hooks do not target another host
# description: >-
#   The kubelet runs httpGet and tcpSocket probes and lifecycle hooks from the node; a `host`
#   other than the pod's own IP turns them into a way to reach node-local or other services
#   from the node's network position. From policy v1.34 PSA refuses a non-empty host on the
#   liveness, readiness and startup probes and the postStart and preStop hooks of every
#   container. PSA check hostProbesAndHostLifecycle (baseline, v1.34+).
# related_resources:
#   - ref: https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline
#     description: Pod Security Standards, Baseline, Host Probes / Lifecycle Hooks
# custom:
#   id: EKS-PSB-012
#   severity: medium
#   mode: enforce
#   input: k8s
#   pss_check: hostProbesAndHostLifecycle
#   remediation: >-
#     Remove `host` from the probe or hook (it then targets the pod's IP); use an httpGet
#     `httpHeaders` Host header if the application needs a virtual host name.
#   fix:
#     before: |
#       livenessProbe:
#         httpGet:
#           host: 169.254.169.254
#           port: 80
#     after: |
#       livenessProbe:
#         httpGet:
#           port: 8080
#   compliance:
#     pss: ["baseline"]
#   tags: [pod-security, pss-baseline]
package eks.rules.psb.host_probes

import data.eks.lib.k8s
import data.eks.lib.pss

_handlers := [
	["livenessProbe"], ["readinessProbe"], ["startupProbe"],
	["lifecycle", "postStart"], ["lifecycle", "preStop"],
]

# METADATA
# title: Offending fields
# description: Each offending field of each pod under each PSA mode that runs the check, keyed by [document id, path].
hits[[pod.doc.id, path]] contains pss.hit(pod, p, path, detail) if {
	some pod in k8s.pods
	some c in k8s.containers(pod)
	some field in _fields
	host := _get(c.container, field)
	is_string(host)
	host != ""
	some p in pss.first_runs(pod, "hostProbesAndHostLifecycle") # last: only offending fields get here
	path := array.concat(c.path, field)
	detail := sprintf(
		`probe or lifecycle host (container "%s" uses probe or lifecycle host %s)`,
		[c.name, pss.quote(host)],
	)
}

# The host field of each handler and action, built once.
_fields := [array.concat(handler, [action, "host"]) |
	some handler in _handlers
	some action in ["httpGet", "tcpSocket"]
]

# object.get needs an object at every step; ill-typed handlers are skipped.
_get(obj, [a, b, c]) := obj[a][b][c]

_get(obj, [a, b, c, d]) := obj[a][b][c][d]

deny contains pss.strictest("EKS-PSB-012", hs) if some hs in hits
