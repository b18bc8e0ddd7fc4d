package eks.rules.data.storage_test

import data.eks.rules.data.ebs_encryption
import data.eks.rules.data.efs_encryption
import data.eks.rules.data.fsx_kms
import data.eks.test.fixtures

_sc(name, provisioner, params) := {"apiVersion": "storage.k8s.io/v1", "kind": "StorageClass", "metadata": {"name": name}, "provisioner": provisioner, "parameters": params}

test_ebs_storage_classes if {
	objs := [
		_sc("gp3", "ebs.csi.aws.com", {"type": "gp3"}),
		_sc("bool", "ebs.csi.aws.com", {"encrypted": true}),
		_sc("aws-managed", "ebs.csi.aws.com", {"encrypted": "true"}),
		_sc("cmk", "ebs.csi.aws.com", {"encrypted": "true", "kmsKeyId": "arn:aws:kms:eu-west-1:1:key/x"}),
		_sc("legacy", "kubernetes.io/aws-ebs", {}),
		_sc("other", "efs.csi.aws.com", {}),
	]
	findings := ebs_encryption.deny with input as fixtures.input_of(objs)
	{[f.doc, f.path, object.get(f, "mode", "")] | some f in findings} == {
		[0, ["parameters", "encrypted"], ""],
		[1, ["parameters", "encrypted"], ""],
		[2, ["parameters"], "warn"],
		[4, ["parameters", "encrypted"], ""],
	}
}

_pv(name, csi, options) := {"apiVersion": "v1", "kind": "PersistentVolume", "metadata": {"name": name}, "spec": {"csi": csi, "mountOptions": options}}

test_efs_persistent_volumes if {
	objs := [
		_pv("off", {"driver": "efs.csi.aws.com", "volumeHandle": "fs-1", "volumeAttributes": {"encryptInTransit": "false"}}, ["tls"]),
		_pv("default", {"driver": "efs.csi.aws.com", "volumeHandle": "fs-1"}, []),
		_pv("tls", {"driver": "efs.csi.aws.com", "volumeHandle": "fs-1"}, ["tls", "iam"]),
		_pv("explicit", {"driver": "efs.csi.aws.com", "volumeHandle": "fs-1", "volumeAttributes": {"encryptInTransit": "true"}}, []),
		_pv("ebs", {"driver": "ebs.csi.aws.com", "volumeHandle": "vol-1"}, []),
	]
	findings := efs_encryption.deny with input as fixtures.input_of(objs)
	{[f.doc, f.path, object.get(f, "mode", "")] | some f in findings} == {
		[0, ["spec", "csi", "volumeAttributes", "encryptInTransit"], ""],
		[1, ["spec", "mountOptions"], "warn"],
	}
}

test_fsx_kms if {
	objs := [
		_sc("fsx", "fsx.csi.aws.com", {"deploymentType": "PERSISTENT_2"}),
		_sc("fsx-cmk", "fsx.csi.aws.com", {"kmsKeyId": "arn:aws:kms:eu-west-1:1:key/x"}),
	]
	findings := fsx_kms.deny with input as fixtures.input_of(objs)
	[[f.doc, f.path] | some f in findings] == [[0, ["parameters", "kmsKeyId"]]]
}
