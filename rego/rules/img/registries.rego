# METADATA
# title: Images come only from approved registries
# description: >-
#   Images from arbitrary registries bypass the scanning, signing and curation of your own.
#   Approved by default: Amazon ECR private registries (of the accounts under
#   `images.ecr-accounts` when set, else of any account), the EKS add-on registries of AWS,
#   and ECR Public (`public.ecr.aws`). Add others under `images.registries`: a registry host
#   (`ghcr.io`, `*.example.com`) or a registry and repository prefix (`ghcr.io/my-org/*`).
#   An image without a registry is on Docker Hub (`docker.io`).
# related_resources:
#   - ref: https://docs.aws.amazon.com/eks/latest/best-practices/image-security.html
#     description: EKS Best Practices, Create a set of curated images
#   - ref: https://docs.aws.amazon.com/eks/latest/userguide/add-ons-images.html
#     description: Amazon container image registries for EKS add-ons
#   - ref: https://avd.aquasec.com/misconfig/ksv0125
#     description: Trivy KSV-0035, KSV-0125
# custom:
#   id: EKS-IMG-003
#   severity: medium
#   mode: enforce
#   input: k8s
#   remediation: >-
#     Mirror the image into your ECR (ECR pull-through cache rules do this for Docker Hub,
#     Quay, GitHub and registry.k8s.io), or approve the registry under `images.registries`.
#   compliance:
#     cis-eks: ["5.1.4"]
#     eks-bp: ["image"]
#   tags: [images, supply-chain]
package eks.rules.img.registries

import data.eks.lib.images
import data.eks.lib.result

# Registry accounts of the EKS add-ons, per region (EKS user guide, add-ons-images).
_addon_accounts := {
	"602401143452", "877085696533", "800184023465", "533267051163", "296578399912", "900889452093",
	"491585149902", "151610086707", "333609536671", "121268973566", "761377655185", "918309763551",
	"961992271922", "900612956339", "590381155156", "455263428931", "066635153087", "759879836304",
	"558608220178", "730335286997", "151742754352", "013241004608", "608367168043", "725322719131",
	"187977181151", "249663109785", "676585237158",
}

_ecr := `^([0-9]{12})\.dkr\.ecr(-fips)?\.[a-z0-9-]+\.amazonaws\.com(\.cn)?$`

_ecr_account(registry) := m[0][1] if {
	m := regex.find_all_string_submatch_n(_ecr, registry, 1)
	count(m) == 1
}

_approved(ref) if ref.registry == "public.ecr.aws"

_approved(ref) if _ecr_account(ref.registry) in _addon_accounts

_approved(ref) if {
	_ecr_account(ref.registry)
	count(object.get(input.context, ["images", "ecr_accounts"], [])) == 0
}

_approved(ref) if _ecr_account(ref.registry) in object.get(input.context, ["images", "ecr_accounts"], [])

_approved(ref) if {
	some pattern in object.get(input.context, ["images", "registries"], [])
	is_string(pattern)
	not contains(pattern, "/")
	glob.match(lower(pattern), null, ref.registry)
}

_approved(ref) if {
	some pattern in object.get(input.context, ["images", "registries"], [])
	is_string(pattern)
	contains(pattern, "/")
	glob.match(pattern, null, concat("/", [ref.registry, ref.repository]))
}

# Each image once: thousands of containers name a few hundred images.
_unapproved contains image if {
	some image, ref in images.refs
	not _approved(ref)
}

deny contains result.new("EKS-IMG-003", c.pod.doc, c.path, msg) if {
	some c in images.containers
	_unapproved[c.image]
	msg := sprintf(`container "%s" image "%s" comes from %s, which is not an approved registry (images.registries)`, [c.container.name, c.image, c.ref.registry])
}
