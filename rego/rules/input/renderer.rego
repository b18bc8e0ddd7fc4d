# METADATA
# title: Helm and Kustomize are installed
# description: >-
#   The repository holds Helm charts or Kustomize overlays, but the binary that renders them
#   (helm; kustomize or kubectl) is not on PATH, so they were not checked. GitHub-hosted runners
#   have all three; self-hosted runners and containers may not.
# related_resources:
#   - ref: https://github.com/Azure/setup-helm
# custom:
#   id: EKS-INPUT-011
#   severity: high
#   mode: enforce
#   input: input
#   remediation: >-
#     Install helm (and kustomize or kubectl) before the gate runs, or exclude the charts and
#     overlays under `paths.exclude`.
#   tags: [input, helm, kustomize]
package eks.rules.input.renderer
