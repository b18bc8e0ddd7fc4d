# METADATA
# title: SecurityGroupPolicy objects are valid
# description: >-
#   The VPC resource controller silently ignores a SecurityGroupPolicy
#   (vpcresources.k8s.aws/v1beta1) that sets neither podSelector nor serviceAccountSelector,
#   or lists no security group IDs: it only logs it, so the pods quietly keep the node's
#   security groups. Invalid label selectors are rejected. More than five groups per pod
#   is a warning (the ENI limit is five by default).
# related_resources:
#   - ref: https://docs.aws.amazon.com/eks/latest/best-practices/network-security.html
#     description: EKS Best Practices, Network security, Security groups for pods
#   - ref: https://docs.aws.amazon.com/eks/latest/userguide/security-groups-for-pods.html
#     description: Amazon EKS, Security groups for Pods
# custom:
#   id: EKS-NET-009
#   severity: medium
#   mode: enforce
#   input: k8s
#   remediation: >-
#     Give the SecurityGroupPolicy a podSelector and/or serviceAccountSelector (`{}` selects
#     every pod of the namespace) and at least one ID under spec.securityGroups.groupIds.
#   fix:
#     before: |
#       spec:
#         securityGroups:
#           groupIds: []
#     after: |
#       spec:
#         podSelector:
#           matchLabels:
#             app: payments
#         securityGroups:
#           groupIds: [sg-0123456789abcdef0]
#   compliance:
#     eks-bp: ["network"]
#   tags: [network, security-groups-for-pods]
package eks.rules.net.security_group_policy

import data.eks.lib.netpol

deny contains netpol.finding("EKS-NET-009", s.doc, problem.path, msg, {}) if {
	some _, s in netpol.security_group_policies
	some problem in netpol.sgp_ignored(s.spec)
	msg := sprintf("SecurityGroupPolicy %s/%s %s: the VPC resource controller ignores it, so its pods keep the node's security groups", [s.ns, s.doc.name, problem.message])
}

deny contains netpol.finding("EKS-NET-009", s.doc, ["spec", field], msg, {}) if {
	some _, s in netpol.security_group_policies
	some field in ["podSelector", "serviceAccountSelector"]
	some problem in netpol.selector_problems(object.get(s.spec, field, null))
	msg := sprintf("SecurityGroupPolicy %s/%s: spec.%s %s, so the API server rejects it", [s.ns, s.doc.name, field, problem])
}

deny contains netpol.finding("EKS-NET-009", s.doc, ["spec", "securityGroups", "groupIds"], msg, {"severity": "low", "mode": "warn"}) if {
	some _, s in netpol.security_group_policies
	ids := netpol.as_list(object.get(s.spec, ["securityGroups", "groupIds"], []))
	count(ids) > 5
	msg := sprintf("SecurityGroupPolicy %s/%s lists %d security groups: a pod's branch ENI takes at most 5 by default", [s.ns, s.doc.name, count(ids)])
}
