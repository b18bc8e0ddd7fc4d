# METADATA
# title: Minimise create access to pods and workloads
# description: >-
#   Whoever can create a pod (directly or through a Deployment, DaemonSet, StatefulSet,
#   ReplicaSet, Job, CronJob or ReplicationController) can run it with any ServiceAccount of
#   the namespace, mount its Secrets, and, where Pod Security allows, reach the node. One
#   finding per rule that grants `create` on any of them, unless the role is listed under
#   `rbac.workload-creators`.
# related_resources:
#   - ref: https://docs.aws.amazon.com/eks/latest/best-practices/identity-and-access-management.html
#     description: EKS Best Practices, Employ least privileged access
#   - ref: https://avd.aquasec.com/misconfig/ksv0048
#     description: Trivy KSV-0048
# custom:
#   id: EKS-RBAC-004
#   severity: medium
#   mode: enforce
#   input: k8s
#   remediation: >-
#     Let a deployment pipeline (GitOps controller) create workloads and give people read
#     access. List the deployers' roles under `rbac.workload-creators`
#     (`ClusterRole/<name>` or `Role/<namespace>/<name>`).
#   compliance:
#     cis-eks: ["4.1.4"]
#     eks-bp: ["iam"]
#   tags: [rbac, identity]
package eks.rules.rbac.workload_create

import data.eks.lib.rbac
import data.eks.lib.result

_workloads := [
	{"resource": "pods", "group": ""},
	{"resource": "replicationcontrollers", "group": ""},
	{"resource": "deployments", "group": "apps"},
	{"resource": "daemonsets", "group": "apps"},
	{"resource": "statefulsets", "group": "apps"},
	{"resource": "replicasets", "group": "apps"},
	{"resource": "deployments", "group": "extensions"},
	{"resource": "daemonsets", "group": "extensions"},
	{"resource": "replicasets", "group": "extensions"},
	{"resource": "jobs", "group": "batch"},
	{"resource": "cronjobs", "group": "batch"},
]

deny contains result.new("EKS-RBAC-004", r.doc, rbac.resource_path(r, first), msg) if {
	some r in rbac.rules
	granted := {g.resource | some g in rbac.grants(r.rule, ["create"], _workloads)}
	count(granted) > 0
	not rbac.allowed(rbac.ref(r.doc), object.get(input.context, ["rbac", "workload_creators"], []))
	first := sort([g | some g in granted])[0]
	msg := sprintf(`%s grants create on %s: it can run pods with any ServiceAccount and Secret of the namespace`, [rbac.describe(r), rbac.join(granted)])
}
