# METADATA
# title: Seccomp RuntimeDefault or Localhost explicitly set everywhere
# description: >-
#   Without a seccomp profile a container can call every system call the kernel offers,
#   including the ones container escapes use. The same logic as the restricted Pod Security
#   check (seccompProfile_restricted), applied in every namespace whatever its PSA level: a
#   set profile (pod or container) must be `RuntimeDefault` or `Localhost`, and a container
#   that sets none must inherit one from the pod. Windows pods are exempt.
# related_resources:
#   - ref: https://docs.aws.amazon.com/eks/latest/best-practices/runtime-security.html
#     description: EKS Best Practices, Runtime security, Seccomp
# custom:
#   id: EKS-RT-002
#   severity: medium
#   mode: enforce
#   input: k8s
#   remediation: >-
#     Set `securityContext.seccompProfile.type: RuntimeDefault` at the pod level (or a
#     Localhost profile of your own); do not use Unconfined.
#   fix:
#     before: |
#       spec:
#         containers: [...]
#     after: |
#       spec:
#         securityContext:
#           seccompProfile:
#             type: RuntimeDefault
#         containers: [...]
#   compliance:
#     eks-bp: ["runtime", "pods"]
#     pss: ["restricted"]
#   tags: [runtime, seccomp]
package eks.rules.rt.seccomp

import data.eks.lib.k8s
import data.eks.lib.result

_valid := {"RuntimeDefault", "Localhost"}

_windows(pod) if pod.spec.os.name == "windows"

# The profile type a securityContext sets: "unset" when it sets none.
_type(sc) := object.get(sc.seccompProfile, "type", "") if is_object(sc.seccompProfile)

else := "unset"

_pod_type(pod) := _type(object.get(pod.spec, "securityContext", {}))

# Any type a document sets, as JSON ("Unconfined", null, 7): sprintf's %v fails on null.
_shown(t) := json.marshal(t)

deny contains result.new("EKS-RT-002", pod.doc, path, msg) if {
	some pod in k8s.pods
	not _windows(pod)
	t := _pod_type(pod)
	t != "unset"
	not t in _valid
	path := array.concat(pod.spec_path, ["securityContext", "seccompProfile", "type"])
	msg := sprintf(`the pod sets seccompProfile type %s; use RuntimeDefault or Localhost`, [_shown(t)])
}

deny contains result.new("EKS-RT-002", pod.doc, path, msg) if {
	some pod in k8s.pods
	not _windows(pod)
	some c in k8s.containers(pod)
	t := _type(object.get(c.container, "securityContext", {}))
	t != "unset"
	not t in _valid
	path := array.concat(c.path, ["securityContext", "seccompProfile", "type"])
	msg := sprintf(`container "%s" sets seccompProfile type %s; use RuntimeDefault or Localhost`, [c.name, _shown(t)])
}

deny contains result.new("EKS-RT-002", pod.doc, path, msg) if {
	some pod in k8s.pods
	not _windows(pod)
	_pod_type(pod) == "unset"
	names := [c.name | some c in k8s.containers(pod); _type(object.get(c.container, "securityContext", {})) == "unset"]
	count(names) > 0
	path := array.concat(pod.spec_path, ["securityContext", "seccompProfile"])
	msg := sprintf(`no seccomp profile applies to container%s %s (neither the pod nor the container sets securityContext.seccompProfile); set type RuntimeDefault at the pod level`, [_plural(names), concat(", ", [sprintf(`"%s"`, [n]) | some n in sort(names)])])
}

_plural(names) := "s" if count(names) > 1

else := ""
