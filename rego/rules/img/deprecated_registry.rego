# METADATA
# title: No deprecated k8s.gcr.io registry
# description: >-
#   `k8s.gcr.io` is frozen: it receives no new images or patched versions, and requests are
#   redirected and may stop. The Kubernetes project publishes to `registry.k8s.io`.
# related_resources:
#   - ref: https://kubernetes.io/blog/2023/02/06/k8s-gcr-io-freeze-announcement/
#     description: k8s.gcr.io image registry freeze
#   - ref: https://github.com/aws/aws-eks-best-practices/tree/master/policies/k8s-registry-deprecation
#     description: EKS Best Practices, k8s registry deprecation policies
# custom:
#   id: EKS-IMG-004
#   severity: medium
#   mode: enforce
#   input: k8s
#   remediation: Replace `k8s.gcr.io` with `registry.k8s.io` (same image paths), or mirror the image into ECR.
#   fix:
#     before: |
#       image: k8s.gcr.io/pause:3.9
#     after: |
#       image: registry.k8s.io/pause:3.9
#   compliance:
#     eks-bp: ["image"]
#   tags: [images, supply-chain]
package eks.rules.img.deprecated_registry

import data.eks.lib.images
import data.eks.lib.result

deny contains result.new("EKS-IMG-004", c.pod.doc, c.path, msg) if {
	some c in images.containers
	c.ref.registry == "k8s.gcr.io"
	msg := sprintf(`container "%s" image "%s" comes from the frozen k8s.gcr.io registry; use registry.k8s.io`, [c.container.name, c.image])
}
