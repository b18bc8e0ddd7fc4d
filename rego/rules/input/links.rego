# METADATA
# title: Inputs do not link out of the repository
# description: >-
#   A manifest, plan or directory in the repository is a symbolic link to a place outside it.
#   The gate never reads outside the repository (a pull request must not make it read the
#   runner's files), so whatever the link points to was not checked, yet `kubectl apply -f`
#   on the directory would follow it.
# custom:
#   id: EKS-INPUT-006
#   severity: high
#   mode: enforce
#   input: input
#   remediation: >-
#     Replace the link with the file it points to, point it inside the repository, or exclude
#     it under `paths.exclude`.
#   tags: [input]
package eks.rules.input.links
