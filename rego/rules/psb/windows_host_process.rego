# METADATA
# title: No Windows HostProcess
# description: >-
#   A Windows HostProcess container runs directly on the node with the node's privileges, the
#   Windows equivalent of a privileged container. PSA check windowsHostProcess (baseline, all
#   versions).
# related_resources:
#   - ref: https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline
#     description: Pod Security Standards, Baseline, HostProcess
# custom:
#   id: EKS-PSB-011
#   severity: high
#   mode: enforce
#   input: k8s
#   pss_check: windowsHostProcess
#   remediation: >-
#     Remove `securityContext.windowsOptions.hostProcess: true` from the pod and its
#     containers, or run the node agent in a privileged namespace.
#   fix:
#     before: |
#       windowsOptions:
#         hostProcess: true
#     after: |
#       windowsOptions:
#         hostProcess: false
#   compliance:
#     pss: ["baseline"]
#     nsa-cisa: ["pod-security"]
#   tags: [pod-security, pss-baseline, windows]
package eks.rules.psb.windows_host_process

import data.eks.lib.k8s
import data.eks.lib.pss

_detail(setter) := sprintf("hostProcess (%s must not set securityContext.windowsOptions.hostProcess=true)", [setter])

# METADATA
# title: Offending fields
# description: Each offending field of each pod under each PSA mode that runs the check, keyed by [document id, path].
hits[[pod.doc.id, path]] contains pss.hit(pod, p, path, _detail("pod")) if {
	some pod in k8s.pods
	some p in pss.first_runs(pod, "windowsHostProcess")
	pss.pod_sc(pod).windowsOptions.hostProcess == true
	path := array.concat(pod.spec_path, ["securityContext", "windowsOptions", "hostProcess"])
}

hits[[pod.doc.id, path]] contains pss.hit(pod, p, path, _detail(sprintf(`container "%s"`, [c.name]))) if {
	some pod in k8s.pods
	some p in pss.first_runs(pod, "windowsHostProcess")
	some c in k8s.containers(pod)
	pss.container_sc(c).windowsOptions.hostProcess == true
	path := array.concat(c.path, ["securityContext", "windowsOptions", "hostProcess"])
}

deny contains pss.strictest("EKS-PSB-011", hs) if some hs in hits
