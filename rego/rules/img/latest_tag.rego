# METADATA
# title: No :latest or untagged images
# description: >-
#   `:latest` (or no tag, which means latest) changes under you: two nodes can run different
#   code for one Deployment, a rollback redeploys whatever latest is now, and nothing records
#   what ran. Images pinned by digest pass whatever their tag.
# related_resources:
#   - ref: https://docs.aws.amazon.com/eks/latest/best-practices/image-security.html
#     description: EKS Best Practices, Use immutable tags with ECR
#   - ref: https://avd.aquasec.com/misconfig/ksv0013
#     description: Trivy KSV-0013
# custom:
#   id: EKS-IMG-001
#   severity: medium
#   mode: enforce
#   input: k8s
#   remediation: Use a version tag (ideally with its digest) and make the ECR repository's tags immutable.
#   fix:
#     before: |
#       image: registry.example.com/shop/checkout:latest
#     after: |
#       image: registry.example.com/shop/checkout:1.4.2@sha256:<digest>
#   compliance:
#     eks-bp: ["image"]
#   tags: [images, supply-chain]
package eks.rules.img.latest_tag

import data.eks.lib.images
import data.eks.lib.result

deny contains result.new("EKS-IMG-001", c.pod.doc, c.path, msg) if {
	some c in images.containers
	c.ref.digest == ""
	c.ref.tag in {"", "latest"}
	msg := sprintf(`container "%s" image "%s" %s: the image can change under the same name; use a version tag or a digest`, [c.container.name, c.image, _why(c.ref.tag)])
}

_why("") := "has no tag (so it is :latest)"

_why("latest") := "uses the :latest tag"
