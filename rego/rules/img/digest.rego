# METADATA
# title: Images pinned by digest
# description: >-
#   A tag, even a version tag, can be moved to another image in a mutable repository; only a
#   digest (`@sha256:<64 hex>`) names exactly the image that was built, scanned and signed.
# related_resources:
#   - ref: https://docs.aws.amazon.com/eks/latest/best-practices/image-security.html
#     description: EKS Best Practices, Sign your images
# custom:
#   id: EKS-IMG-002
#   severity: low
#   mode: enforce
#   input: k8s
#   remediation: >-
#     Append the image's digest (`image: repo:1.4.2@sha256:<digest>`); let the CI pipeline
#     or Renovate keep it current.
#   compliance:
#     eks-bp: ["image"]
#   tags: [images, supply-chain]
package eks.rules.img.digest

import data.eks.lib.images
import data.eks.lib.result

deny contains result.new("EKS-IMG-002", c.pod.doc, c.path, msg) if {
	some c in images.containers
	not images.pinned(c.ref)
	msg := sprintf(`container "%s" image "%s" is not pinned by digest (@sha256:<64 hex>)`, [c.container.name, c.image])
}
