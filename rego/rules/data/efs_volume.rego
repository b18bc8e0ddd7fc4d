package eks.rules.data.efs_encryption

import data.eks.lib.k8s
import data.eks.lib.result

_k8s_efs_volumes contains doc if {
	some doc in k8s.of_kind("PersistentVolume")
	k8s.group(doc.apiVersion) == ""
	doc.object.spec.csi.driver == "efs.csi.aws.com"
}

_k8s_in_transit(doc) := object.get(doc.object, ["spec", "csi", "volumeAttributes", "encryptInTransit"], "")

# METADATA
# title: EFS volume encrypts in transit
# description: >-
#   Kubernetes part of EKS-DATA-005: an EFS PersistentVolume must not set
#   `volumeAttributes.encryptInTransit: "false"`.
deny contains result.new("EKS-DATA-005", doc, ["spec", "csi", "volumeAttributes", "encryptInTransit"], msg) if {
	some doc in _k8s_efs_volumes
	lower(result.show(_k8s_in_transit(doc))) == "false"
	msg := sprintf(`PersistentVolume "%s" turns off EFS encryption in transit (encryptInTransit: "false"); remove it or set it to "true"`, [doc.name])
}

_k8s_tls(doc) if "tls" in object.get(doc.object, ["spec", "mountOptions"], [])

# METADATA
# title: EFS volume asks for TLS
# description: >-
#   Kubernetes part of EKS-DATA-005, a warning: an EFS PersistentVolume that neither lists
#   the `tls` mount option nor sets `encryptInTransit: "true"` relies on the driver's default.
deny contains result.with_mode("EKS-DATA-005", doc, ["spec", "mountOptions"], msg, "warn") if {
	some doc in _k8s_efs_volumes
	not _k8s_tls(doc)
	not lower(result.show(_k8s_in_transit(doc))) in {"true", "false"}
	msg := sprintf(`PersistentVolume "%s" does not ask for TLS: add "tls" to spec.mountOptions (or set encryptInTransit: "true") so the mount is encrypted whatever the driver's default`, [doc.name])
}
