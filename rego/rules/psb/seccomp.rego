# METADATA
# title: Seccomp not set to Unconfined
# description: >-
#   Seccomp filters the system calls a container may make; Unconfined turns the filter off.
#   From policy v1.19 PSA checks the seccompProfile fields of the pod and its containers and
#   ignores the old annotations; below v1.19 it checks only the alpha annotations
#   seccomp.security.alpha.kubernetes.io/pod and container.seccomp.security.alpha.kubernetes.io/<container>.
#   PSA check seccompProfile_baseline (baseline; restricted below v1.19).
# related_resources:
#   - ref: https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline
#     description: Pod Security Standards, Baseline, Seccomp
#   - ref: https://docs.aws.amazon.com/eks/latest/best-practices/runtime-security.html
#     description: EKS Best Practices, Seccomp
# custom:
#   id: EKS-PSB-009
#   severity: medium
#   mode: enforce
#   input: k8s
#   pss_check: seccompProfile_baseline
#   remediation: >-
#     Set `seccompProfile.type` to RuntimeDefault (or Localhost with a profile) instead of
#     Unconfined, at pod or container level.
#   fix:
#     before: |
#       securityContext:
#         seccompProfile:
#           type: Unconfined
#     after: |
#       securityContext:
#         seccompProfile:
#           type: RuntimeDefault
#   compliance:
#     eks-bp: ["runtime"]
#     pss: ["baseline"]
#     nsa-cisa: ["pod-security"]
#   tags: [pod-security, pss-baseline]
package eks.rules.psb.seccomp

import data.eks.lib.k8s
import data.eks.lib.pss
import data.eks.rules.psr.seccomp as restricted

_pod_annotation := "seccomp.security.alpha.kubernetes.io/pod"

_container_annotation_prefix := "container.seccomp.security.alpha.kubernetes.io/"

_valid_annotation("runtime/default")

_valid_annotation("docker/default")

_valid_annotation(v) if startswith(v, "localhost/")

_bad_annotation_detail(key, value) := sprintf("seccompProfile (forbidden annotation %s=%s)", [key, json.marshal(value)])

# METADATA
# title: Bad seccomp type
# description: The type of a set seccompProfile object when it is not RuntimeDefault or Localhost.
bad_type(profile) := t if {
	is_object(profile)
	t := object.get(profile, "type", "")
	not t in {"RuntimeDefault", "Localhost"}
}

# METADATA
# title: Bad type detail
# description: PSA's detail for a setter of a bad seccompProfile type.
bad_type_detail(setter, t) := sprintf(
	"seccompProfile (%s must not set securityContext.seccompProfile.type to %s)",
	[setter, pss.quote(pss.display(t))],
)

# METADATA
# title: Offending fields
# description: Each offending field of each pod under each PSA mode that runs the check, keyed by [document id, path].
hits[[pod.doc.id, path]] contains pss.hit(pod, p, path, _bad_annotation_detail(_pod_annotation, value)) if {
	some pod in k8s.pods
	some p in pss.first_runs(pod, "seccompProfile_baseline")
	p.revision == 0
	value := pss.annotations(pod)[_pod_annotation]
	is_string(value)
	not _valid_annotation(value)
	path := array.concat(pod.metadata_path, ["annotations", _pod_annotation])
}

# Only the annotations of containers that exist count.
hits[[pod.doc.id, path]] contains pss.hit(pod, p, path, _bad_annotation_detail(key, value)) if {
	some pod in k8s.pods
	some p in pss.first_runs(pod, "seccompProfile_baseline")
	p.revision == 0
	some c in k8s.containers(pod)
	key := concat("", [_container_annotation_prefix, c.name])
	value := pss.annotations(pod)[key]
	is_string(value)
	not _valid_annotation(value)
	path := array.concat(pod.metadata_path, ["annotations", key])
}

hits[[pod.doc.id, path]] contains pss.hit(pod, p, path, bad_type_detail("pod", t)) if {
	some pod in k8s.pods
	some p in pss.first_runs(pod, "seccompProfile_baseline")
	p.revision == 19
	t := bad_type(pss.pod_sc(pod).seccompProfile)
	path := array.concat(pod.spec_path, ["securityContext", "seccompProfile", "type"])
}

hits[[pod.doc.id, path]] contains pss.hit(pod, p, path, bad_type_detail(setter, t)) if {
	some pod in k8s.pods
	some p in pss.first_runs(pod, "seccompProfile_baseline")
	p.revision == 19
	some c in k8s.containers(pod)
	t := bad_type(pss.container_sc(c).seccompProfile)
	path := array.concat(c.path, ["securityContext", "seccompProfile", "type"])
	setter := sprintf(`container "%s"`, [c.name])
}

# Where seccompProfile_restricted reports the same field at a stricter mode, it owns the finding.
deny contains pss.strictest("EKS-PSB-009", hs) if {
	some key, hs in hits
	not _outranked(key, hs)
}

_outranked(key, hs) if pss.outranked(hs, restricted.hits[key])
