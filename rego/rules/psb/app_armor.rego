# METADATA
# title: AppArmor not disabled
# description: >-
#   The container runtime's default AppArmor profile confines what a container can do on the
#   host; setting it to Unconfined removes that. PSA checks the appArmorProfile fields (pod and
#   container) and, at every policy version, the beta annotations
#   container.apparmor.security.beta.kubernetes.io/* on the pod (the template's metadata for
#   workloads). PSA check appArmorProfile (baseline, all versions).
# related_resources:
#   - ref: https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline
#     description: Pod Security Standards, Baseline, AppArmor
#   - ref: https://kubernetes.io/docs/tutorials/security/apparmor/
#     description: Restrict a container's access to resources with AppArmor
# custom:
#   id: EKS-PSB-006
#   severity: medium
#   mode: enforce
#   input: k8s
#   pss_check: appArmorProfile
#   remediation: >-
#     Remove `appArmorProfile: {type: Unconfined}` (or use RuntimeDefault or a Localhost
#     profile) and remove AppArmor annotations whose value is not runtime/default or
#     localhost/<profile>.
#   fix:
#     before: |
#       securityContext:
#         appArmorProfile:
#           type: Unconfined
#     after: |
#       securityContext:
#         appArmorProfile:
#           type: RuntimeDefault
#   compliance:
#     eks-bp: ["runtime"]
#     pss: ["baseline"]
#     nsa-cisa: ["pod-security"]
#   tags: [pod-security, pss-baseline]
package eks.rules.psb.app_armor

import data.eks.lib.k8s
import data.eks.lib.pss

_annotation_prefix := "container.apparmor.security.beta.kubernetes.io/"

_allowed_type(t) if t in {"RuntimeDefault", "Localhost"}

_allowed_annotation(v) if v == ""

_allowed_annotation("runtime/default")

_allowed_annotation(v) if startswith(v, "localhost/")

_bad_type(profile) := t if {
	is_object(profile)
	t := object.get(profile, "type", "")
	not _allowed_type(t)
}

_detail(setter, t) := sprintf(
	"forbidden AppArmor profile (%s must not set AppArmor profile type to %s)",
	[setter, pss.quote(pss.display(t))],
)

# METADATA
# title: Offending fields
# description: Each offending field of each pod under each PSA mode that runs the check, keyed by [document id, path].
hits[[pod.doc.id, path]] contains pss.hit(pod, p, path, _detail("pod", t)) if {
	some pod in k8s.pods
	some p in pss.first_runs(pod, "appArmorProfile")
	t := _bad_type(pss.pod_sc(pod).appArmorProfile)
	path := array.concat(pod.spec_path, ["securityContext", "appArmorProfile", "type"])
}

hits[[pod.doc.id, path]] contains pss.hit(pod, p, path, _detail(setter, t)) if {
	some pod in k8s.pods
	some p in pss.first_runs(pod, "appArmorProfile")
	some c in k8s.containers(pod)
	t := _bad_type(pss.container_sc(c).appArmorProfile)
	path := array.concat(c.path, ["securityContext", "appArmorProfile", "type"])
	setter := sprintf(`container "%s"`, [c.name])
}

# PSA prints the annotation as key="value" inside its quoted list of bad values.
hits[[pod.doc.id, path]] contains pss.hit(pod, p, path, detail) if {
	some pod in k8s.pods
	some p in pss.first_runs(pod, "appArmorProfile")
	some key, value in pss.annotations(pod)
	startswith(key, _annotation_prefix)
	is_string(value)
	not _allowed_annotation(value)
	path := array.concat(pod.metadata_path, ["annotations", key])
	detail := _detail("annotation", concat("", [key, "=", json.marshal(value)]))
}

deny contains pss.strictest("EKS-PSB-006", hs) if some hs in hits
