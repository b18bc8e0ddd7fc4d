# METADATA
# title: Input files are well-formed
# description: >-
#   A file the gate cannot read (YAML syntax error, invalid UTF-8) would also be rejected by
#   kubectl, and whatever it contains goes unchecked. Reported by the loader at the file and
#   line of the error; the file's other documents are still checked.
# custom:
#   id: EKS-INPUT-001
#   severity: high
#   mode: enforce
#   input: input
#   remediation: Fix the syntax error at the reported line, or exclude the file under `paths.exclude`.
#   tags: [input]
package eks.rules.input.malformed
