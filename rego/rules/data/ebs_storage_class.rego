package eks.rules.data.ebs_encryption

import data.eks.lib.k8s
import data.eks.lib.result

_k8s_provisioners := {"ebs.csi.aws.com", "kubernetes.io/aws-ebs"}

_k8s_ebs_classes contains doc if {
	some doc in k8s.of_kind("StorageClass")
	k8s.group(doc.apiVersion) == "storage.k8s.io"
	doc.object.provisioner in _k8s_provisioners
}

# METADATA
# title: EBS StorageClass encrypts volumes
# description: >-
#   Kubernetes part of EKS-DATA-004: a StorageClass of the EBS CSI driver (or the in-tree
#   aws-ebs provisioner) must set `parameters.encrypted: "true"` (a string), unless
#   the account encrypts EBS volumes by default, which the gate cannot see.
deny contains result.new("EKS-DATA-004", doc, ["parameters", "encrypted"], msg) if {
	some doc in _k8s_ebs_classes
	object.get(doc.object, ["parameters", "encrypted"], "") != "true"
	msg := sprintf(`StorageClass "%s" (%s) does not set parameters.encrypted: "true", so its volumes are encrypted only if the account enables EBS encryption by default`, [doc.name, doc.object.provisioner])
}

# METADATA
# title: EBS StorageClass uses a customer-managed key
# description: >-
#   Kubernetes part of EKS-DATA-004, a warning: an encrypted EBS StorageClass without
#   `parameters.kmsKeyId` uses the AWS-managed `aws/ebs` key.
deny contains result.with_mode("EKS-DATA-004", doc, ["parameters"], msg, "warn") if {
	some doc in _k8s_ebs_classes
	object.get(doc.object, ["parameters", "encrypted"], "") == "true"
	object.get(doc.object, ["parameters", "kmsKeyId"], "") == ""
	msg := sprintf(`StorageClass "%s" encrypts with the AWS-managed aws/ebs key; set parameters.kmsKeyId to a customer-managed KMS key to control access and rotation`, [doc.name])
}
