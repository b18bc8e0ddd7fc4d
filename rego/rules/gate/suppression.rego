# METADATA
# title: Suppressions name a rule and give a reason
# description: >-
#   An inline suppression (the annotation `ignore.eks-policy-gate.io/<RULE-ID>` or the comment
#   `# eks-policy-gate:ignore <RULE-ID> <reason>`) must name an existing rule and say why the
#   finding is accepted. One without a reason, or naming no known rule, suppresses nothing.
# custom:
#   id: EKS-GATE-001
#   severity: medium
#   mode: enforce
#   input: input
#   remediation: >-
#     Write the reason after the rule ID (`# eks-policy-gate:ignore EKS-PSB-002 CNI agent needs
#     it`) or as the annotation's value, or fix the rule ID; remove the suppression if the
#     finding should stand.
#   tags: [gate, suppression]
package eks.rules.gate.suppression
