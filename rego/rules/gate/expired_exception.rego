# METADATA
# title: Exceptions have not expired
# description: >-
#   An exception in the configuration's `exceptions` list is past its `expires` date. It no
#   longer suppresses anything: the findings it covered are reported again.
# custom:
#   id: EKS-GATE-002
#   severity: low
#   mode: warn
#   input: input
#   remediation: >-
#     Fix the findings the exception covered and remove it, or, if the risk is still accepted,
#     have its owner renew it with a new `expires` date.
#   tags: [gate, exception]
package eks.rules.gate.expired_exception
