# METADATA
# title: Charts and overlays render
# description: >-
#   A Helm chart or Kustomize overlay that the gate could not render (a template error, a
#   missing required value, a dependency not vendored under charts/, a remote base, a timeout)
#   goes unchecked, so the failure is reported where it can be fixed: the template line Helm
#   names, the configuration entry, or the chart's Chart.yaml / the kustomization. Rendering is
#   offline: charts must vendor their dependencies and overlays their bases. A chart that renders
#   nothing, or prints warnings, is reported for information.
# related_resources:
#   - ref: https://helm.sh/docs/helm/helm_template/
#   - ref: https://kubectl.docs.kubernetes.io/references/kustomize/kustomization/
# custom:
#   id: EKS-INPUT-010
#   severity: high
#   mode: enforce
#   input: input
#   remediation: >-
#     Fix the error the message quotes; give the chart the values it needs under `helm:` in
#     .eks-policy-gate.yaml; run `helm dependency build` and commit charts/; vendor remote bases.
#   tags: [input, helm, kustomize]
package eks.rules.input.render
