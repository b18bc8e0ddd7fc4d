# METADATA
# title: Inputs stay within the gate's limits
# description: >-
#   A file (or a chart's or overlay's rendered output) passed one of the limits that keep a gate
#   on untrusted pull requests from hanging or running out of memory: the size of one file, the
#   documents in one file, the size of all inputs together, the nodes aliases and `<<` merge keys
#   add (a "billion laughs" alias bomb), the nesting depth, or the time a renderer (helm,
#   kustomize, terraform show) may run. What passed the limit was not checked, so the finding
#   blocks by default; the rest of the scan goes on.
# related_resources:
#   - ref: https://en.wikipedia.org/wiki/Billion_laughs_attack
# custom:
#   id: EKS-INPUT-005
#   severity: high
#   mode: enforce
#   input: input
#   remediation: >-
#     Split large files, write aliased values out, exclude generated or vendored files under
#     `paths.exclude`, or raise the limit the message names under `limits:` in
#     .eks-policy-gate.yaml (file-size, documents-per-file, total-size, aliases, depth,
#     subprocess-seconds).
#   tags: [input]
package eks.rules.input.limits
