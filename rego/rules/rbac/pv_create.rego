# METADATA
# title: Minimise create access to PersistentVolumes
# description: >-
#   A PersistentVolume can be a `hostPath` volume: creating one and claiming it mounts any
#   directory of a node into a pod, around Pod Security.
# related_resources:
#   - ref: https://kubernetes.io/docs/concepts/security/rbac-good-practices/#persistent-volume-creation
#     description: Kubernetes RBAC good practices, persistent volume creation
# custom:
#   id: EKS-RBAC-006
#   severity: medium
#   mode: enforce
#   input: k8s
#   remediation: >-
#     Let StorageClasses provision volumes dynamically; grant `create` on persistentvolumes
#     only to the storage provisioner.
#   compliance:
#     cis-eks: ["4.1.9"]
#     eks-bp: ["iam"]
#   tags: [rbac, identity]
package eks.rules.rbac.pv_create

import data.eks.lib.rbac
import data.eks.lib.result

deny contains result.new("EKS-RBAC-006", r.doc, rbac.resource_path(r, "persistentvolumes"), msg) if {
	some r in rbac.rules
	count(rbac.grants(r.rule, ["create"], [{"resource": "persistentvolumes", "group": ""}])) > 0
	msg := sprintf(`%s grants create on persistentvolumes: a hostPath PersistentVolume mounts node directories around Pod Security`, [rbac.describe(r)])
}
