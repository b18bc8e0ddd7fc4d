# METADATA
# title: No dangerous capabilities, even in privileged namespaces
# description: >-
#   SYS_ADMIN, NET_ADMIN, SYS_PTRACE, SYS_MODULE, SYS_RAWIO, BPF, PERFMON, DAC_READ_SEARCH,
#   NET_RAW and ALL each open a known path to the node or to other pods (mount, kernel
#   modules, packet spoofing, reading other processes). Names are compared after upper-casing
#   and removing a `CAP_` prefix, as the container runtime does, and in every namespace,
#   including privileged ones (where Pod Security does not look). Node agents that need one
#   are listed under `runtime.capability-workloads` (`<Kind>/<namespace>/<name>`, `*` globs).
# related_resources:
#   - ref: https://docs.aws.amazon.com/eks/latest/best-practices/runtime-security.html
#     description: EKS Best Practices, Linux capabilities
#   - ref: https://avd.aquasec.com/misconfig/ksv0005
#     description: Trivy KSV-0005, KSV-0119, KSV-0120
# custom:
#   id: EKS-RT-003
#   severity: high
#   mode: enforce
#   input: k8s
#   remediation: >-
#     Remove the capability (most applications need none; NET_BIND_SERVICE covers low ports).
#     For a node agent that needs it, list the workload under `runtime.capability-workloads`.
#   compliance:
#     eks-bp: ["runtime"]
#   tags: [runtime, capabilities]
package eks.rules.rt.capabilities

import data.eks.lib.k8s
import data.eks.lib.result

_dangerous := {"SYS_ADMIN", "NET_ADMIN", "SYS_PTRACE", "SYS_MODULE", "SYS_RAWIO", "BPF", "PERFMON", "DAC_READ_SEARCH", "NET_RAW", "ALL"}

_normalise(cap) := trim_prefix(upper(cap), "CAP_")

_allowed(doc) if {
	ref := concat("/", [doc.kind, doc.namespace, doc.name])
	some pattern in object.get(input.context, ["runtime", "capability_workloads"], [])
	is_string(pattern)
	glob.match(pattern, null, ref)
}

deny contains result.new("EKS-RT-003", pod.doc, array.concat(c.path, ["securityContext", "capabilities", "add", i]), msg) if {
	some pod in k8s.pods
	not _allowed(pod.doc)
	some c in k8s.containers(pod)
	some i, cap in c.container.securityContext.capabilities.add
	is_string(cap)
	_normalise(cap) in _dangerous
	msg := sprintf(`container "%s" adds capability %s, a path to the node or to other pods; remove it (or list the workload under runtime.capability-workloads)`, [c.name, cap])
}
