# METADATA
# title: No duplicate keys
# description: >-
#   A mapping with the same key twice: Kubernetes keeps only the last value, so an earlier
#   setting (often a security setting) is silently dropped.
# custom:
#   id: EKS-INPUT-003
#   severity: medium
#   mode: enforce
#   input: input
#   remediation: Remove or merge the duplicate key.
#   tags: [input]
package eks.rules.input.duplicate_key
