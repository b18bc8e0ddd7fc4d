# METADATA
# title: No access to the nodes/proxy subresource
# description: >-
#   `nodes/proxy` reaches the kubelet API of every node: it runs commands in any pod on the
#   node and bypasses admission and audit logging of the API server.
# related_resources:
#   - ref: https://kubernetes.io/docs/concepts/security/rbac-good-practices/#access-to-proxy-subresource-of-nodes
#     description: Kubernetes RBAC good practices, access to the proxy subresource of nodes
#   - ref: https://avd.aquasec.com/misconfig/ksv0047
#     description: Trivy KSV-0047
# custom:
#   id: EKS-RBAC-007
#   severity: high
#   mode: enforce
#   input: k8s
#   remediation: >-
#     Remove `nodes/proxy` (and `*`) from the rule. Monitoring agents need `nodes/metrics` or
#     `nodes/stats`, not `nodes/proxy`.
#   compliance:
#     cis-eks: ["4.1.10"]
#     eks-bp: ["iam"]
#   tags: [rbac, identity]
package eks.rules.rbac.nodes_proxy

import data.eks.lib.rbac
import data.eks.lib.result

_verbs := ["get", "list", "watch", "create", "update", "patch", "delete", "deletecollection", "proxy"]

deny contains result.new("EKS-RBAC-007", r.doc, rbac.resource_path(r, "nodes/proxy"), msg) if {
	some r in rbac.rules
	granted := rbac.grants(r.rule, _verbs, [{"resource": "nodes/proxy", "group": ""}])
	count(granted) > 0
	msg := sprintf(`%s grants %s on nodes/proxy: the kubelet API of every node, around admission and audit`, [rbac.describe(r), rbac.join({g.verb | some g in granted})])
}
