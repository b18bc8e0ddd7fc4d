# METADATA
# title: No custom SELinux user, role or type
# description: >-
#   A custom SELinux type (such as spc_t, the super-privileged container type) or a custom
#   user or role can lift the confinement SELinux gives containers. The type must be empty or
#   one of the container types; user and role must be empty; level is not checked. From policy
#   v1.31, container_engine_t is allowed too. PSA check seLinuxOptions (baseline).
# related_resources:
#   - ref: https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline
#     description: Pod Security Standards, Baseline, SELinux
# custom:
#   id: EKS-PSB-007
#   severity: medium
#   mode: enforce
#   input: k8s
#   pss_check: seLinuxOptions
#   remediation: >-
#     Remove `seLinuxOptions.type` (or use container_t, container_init_t, container_kvm_t, or
#     from policy v1.31 container_engine_t) and remove `seLinuxOptions.user` and `.role`.
#     `level` may stay.
#   fix:
#     before: |
#       seLinuxOptions:
#         type: spc_t
#     after: |
#       seLinuxOptions:
#         level: "s0:c123,c456"
#   compliance:
#     eks-bp: ["runtime"]
#     pss: ["baseline"]
#     nsa-cisa: ["pod-security"]
#   tags: [pod-security, pss-baseline]
package eks.rules.psb.selinux

import data.eks.lib.k8s
import data.eks.lib.pss

_allowed_types := {
	0: {"", "container_t", "container_init_t", "container_kvm_t"},
	31: {"", "container_t", "container_init_t", "container_kvm_t", "container_engine_t"},
}

# Offending sub-fields of one seLinuxOptions object: field -> what PSA says about it.
_problems(opts, revision) := object.union(
	{"type": sprintf("type %s", [pss.quote(pss.display(t))]) |
		is_object(opts)
		t := object.get(opts, "type", "")
		not t in _allowed_types[revision]
	},
	{field: sprintf("%s may not be set", [field]) |
		is_object(opts)
		some field in ["user", "role"]
		v := object.get(opts, field, "")
		not v in {"", null}
	},
)

_detail(setter, text) := sprintf("seLinuxOptions (%s set forbidden securityContext.seLinuxOptions: %s)", [setter, text])

# METADATA
# title: Offending fields
# description: Each offending field of each pod under each PSA mode that runs the check, keyed by [document id, path].
hits[[pod.doc.id, path]] contains pss.hit(pod, p, path, _detail("pod", text)) if {
	some pod in k8s.pods
	some p in pss.first_runs(pod, "seLinuxOptions")
	some field, text in _problems(pss.pod_sc(pod).seLinuxOptions, p.revision)
	path := array.concat(pod.spec_path, ["securityContext", "seLinuxOptions", field])
}

hits[[pod.doc.id, path]] contains pss.hit(pod, p, path, _detail(setter, text)) if {
	some pod in k8s.pods
	some p in pss.first_runs(pod, "seLinuxOptions")
	some c in k8s.containers(pod)
	some field, text in _problems(pss.container_sc(c).seLinuxOptions, p.revision)
	path := array.concat(c.path, ["securityContext", "seLinuxOptions", field])
	setter := sprintf(`container "%s"`, [c.name])
}

deny contains pss.strictest("EKS-PSB-007", hs) if some hs in hits
