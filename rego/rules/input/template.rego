# METADATA
# title: Unrendered template
# description: >-
#   A file with Go-template actions ({{ }}) that is not valid YAML is a template, not a
#   manifest. It is reported for information: render it (a Helm chart is rendered when it has
#   a Chart.yaml, or list it under `helm:`) so the gate can check what it produces.
# custom:
#   id: EKS-INPUT-002
#   severity: info
#   mode: audit
#   input: input
#   remediation: Render the template (`helm template`), configure the chart under `helm:`, or exclude the file.
#   tags: [input]
package eks.rules.input.template
