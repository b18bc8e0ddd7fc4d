# METADATA
# title: Named file holds Kubernetes objects
# description: >-
#   A file named on the command line holds no Kubernetes object (no document has apiVersion
#   and kind), so nothing in it was checked. Files found by walking a directory are skipped
#   silently instead.
# custom:
#   id: EKS-INPUT-004
#   severity: info
#   mode: audit
#   input: input
#   remediation: Name a Kubernetes manifest, or check the path.
#   tags: [input]
package eks.rules.input.not_manifest
