# METADATA
# title: Only safe sysctls
# description: >-
#   Most sysctls are not namespaced, or affect other pods on the node; only a small safe set
#   may be set in spec.securityContext.sysctls. The set grows with the policy version (v1.27,
#   v1.29, v1.32) and the match is exact: net/ipv4/... spellings are refused. PSA check
#   sysctls (baseline).
# related_resources:
#   - ref: https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline
#     description: Pod Security Standards, Baseline, Sysctls
#   - ref: https://kubernetes.io/docs/tasks/administer-cluster/sysctl-cluster/
#     description: Using sysctls in a Kubernetes cluster
# custom:
#   id: EKS-PSB-010
#   severity: medium
#   mode: enforce
#   input: k8s
#   pss_check: sysctls
#   remediation: >-
#     Remove the sysctl, or set it on the node (launch template user data) instead of in the
#     pod. Safe sysctls are spelled with dots, e.g. net.ipv4.ip_local_port_range.
#   fix:
#     before: |
#       sysctls:
#         - name: kernel.msgmax
#           value: "65536"
#     after: |
#       sysctls:
#         - name: net.ipv4.ip_local_port_range
#           value: "1024 65535"
#   compliance:
#     pss: ["baseline"]
#     nsa-cisa: ["pod-security"]
#   tags: [pod-security, pss-baseline]
package eks.rules.psb.sysctls

import data.eks.lib.k8s
import data.eks.lib.pss

_v1_0 := {
	"kernel.shm_rmid_forced",
	"net.ipv4.ip_local_port_range",
	"net.ipv4.tcp_syncookies",
	"net.ipv4.ping_group_range",
	"net.ipv4.ip_unprivileged_port_start",
}

_v1_27 := _v1_0 | {"net.ipv4.ip_local_reserved_ports"}

_v1_29 := _v1_27 | {
	"net.ipv4.tcp_keepalive_time",
	"net.ipv4.tcp_fin_timeout",
	"net.ipv4.tcp_keepalive_intvl",
	"net.ipv4.tcp_keepalive_probes",
}

_v1_32 := _v1_29 | {"net.ipv4.tcp_rmem", "net.ipv4.tcp_wmem"}

# METADATA
# title: Safe sysctls by revision
# description: The safe set of each revision of the check (rules.md §3.5).
allowed := {0: _v1_0, 27: _v1_27, 29: _v1_29, 32: _v1_32}

# METADATA
# title: Offending fields
# description: Each offending field of each pod under each PSA mode that runs the check, keyed by [document id, path].
hits[[pod.doc.id, path]] contains pss.hit(pod, p, path, detail) if {
	some pod in k8s.pods
	some p in pss.first_runs(pod, "sysctls")
	some i, sysctl in pss.array_or_empty(pss.pod_sc(pod).sysctls)
	name := object.get(pss.object_or_empty(sysctl), "name", "")
	not name in allowed[p.revision]
	path := array.concat(pod.spec_path, ["securityContext", "sysctls", i, "name"])
	detail := sprintf("forbidden sysctls (%s)", [pss.display(name)])
}

deny contains pss.strictest("EKS-PSB-010", hs) if some hs in hits
