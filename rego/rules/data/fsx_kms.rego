# METADATA
# title: FSx for Lustre uses a CMK
# description: >-
#   A StorageClass of the FSx for Lustre CSI driver without `parameters.kmsKeyId` encrypts
#   the file system with an AWS-managed key: no control over who can use it, no rotation
#   of your own.
# related_resources:
#   - ref: https://docs.aws.amazon.com/eks/latest/best-practices/data-encryption-and-secrets-management.html
#     description: EKS Best Practices, Encryption at rest
# custom:
#   id: EKS-DATA-006
#   severity: low
#   mode: enforce
#   input: k8s
#   remediation: Set `parameters.kmsKeyId` to the ARN of a customer-managed KMS key.
#   fix:
#     before: |
#       provisioner: fsx.csi.aws.com
#       parameters:
#         deploymentType: PERSISTENT_2
#     after: |
#       provisioner: fsx.csi.aws.com
#       parameters:
#         deploymentType: PERSISTENT_2
#         kmsKeyId: arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab
#   compliance:
#     eks-bp: ["data"]
#   tags: [encryption, storage]
package eks.rules.data.fsx_kms

import data.eks.lib.k8s
import data.eks.lib.result

deny contains result.new("EKS-DATA-006", doc, ["parameters", "kmsKeyId"], msg) if {
	some doc in k8s.of_kind("StorageClass")
	k8s.group(doc.apiVersion) == "storage.k8s.io"
	doc.object.provisioner == "fsx.csi.aws.com"
	object.get(doc.object, ["parameters", "kmsKeyId"], "") == ""
	msg := sprintf(`StorageClass "%s" creates FSx for Lustre file systems encrypted with an AWS-managed key; set parameters.kmsKeyId to a customer-managed key`, [doc.name])
}
