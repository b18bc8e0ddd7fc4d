# METADATA
# title: Only core volume types
# description: >-
#   Restricted pods may use only configMap, csi, downwardAPI, emptyDir, ephemeral, image,
#   persistentVolumeClaim, projected and secret volumes; every other inline source (hostPath,
#   nfs, iscsi, awsElasticBlockStore, gitRepo, flexVolume, ...) and any unknown one is refused.
#   `image` is allowed at every policy version (patched into the 1.0 check in Kubernetes
#   1.33). A volume with no source at all is defaulted to emptyDir by the API server and
#   passes. PSA check restrictedVolumes (restricted, all versions; it replaces hostPathVolumes).
# related_resources:
#   - ref: https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted
#     description: Pod Security Standards, Restricted, Volume Types
# custom:
#   id: EKS-PSR-001
#   severity: medium
#   mode: enforce
#   input: k8s
#   pss_check: restrictedVolumes
#   remediation: >-
#     Mount storage through a PersistentVolumeClaim (or a CSI ephemeral volume) instead of an
#     inline volume source; use emptyDir, configMap, secret or projected volumes for the rest.
#   fix:
#     before: |
#       volumes:
#         - name: data
#           nfs: {server: nfs.example.com, path: /export}
#     after: |
#       volumes:
#         - name: data
#           persistentVolumeClaim: {claimName: data}
#   compliance:
#     pss: ["restricted"]
#     nsa-cisa: ["pod-security"]
#   tags: [pod-security, pss-restricted]
package eks.rules.psr.restricted_volumes

import data.eks.lib.k8s
import data.eks.lib.pss
import data.eks.rules.psb.host_path_volumes as baseline

_allowed := {
	"configMap", "csi", "downwardAPI", "emptyDir", "ephemeral", "image",
	"persistentVolumeClaim", "projected", "secret",
}

# The volume sources PSA names; any other source is "unknown".
_known := {
	"hostPath", "gcePersistentDisk", "awsElasticBlockStore", "gitRepo", "nfs", "iscsi",
	"glusterfs", "rbd", "flexVolume", "cinder", "cephfs", "flocker", "fc", "azureFile",
	"vsphereVolume", "quobyte", "azureDisk", "portworxVolume", "photonPersistentDisk",
	"scaleIO", "storageos",
}

# The source set on a volume that makes it restricted, and the type PSA reports for it.
_restricted(volume) := [key, key] if {
	sources := {k | some k, v in volume; k != "name"; v != null}
	count(sources & _allowed) == 0
	key := min(sources & _known)
} else := [key, "unknown"] if {
	sources := {k | some k, v in volume; k != "name"; v != null}
	count(sources & _allowed) == 0
	key := min(sources)
}

# METADATA
# title: Offending fields
# description: Each offending field of each pod under each PSA mode that runs the check, keyed by [document id, path].
hits[[pod.doc.id, path]] contains pss.hit(pod, p, path, detail) if {
	some pod in k8s.pods
	some p in pss.first_runs(pod, "restrictedVolumes")
	some i, volume in pss.array_or_empty(pod.spec.volumes)
	is_object(volume)
	[key, type] := _restricted(volume)
	path := array.concat(pod.spec_path, ["volumes", i, key])
	detail := sprintf(
		"restricted volume types (volume %s uses restricted volume type %s)",
		[pss.quote(pss.display(object.get(volume, "name", ""))), pss.quote(type)],
	)
}

# Where hostPathVolumes reports the same volume at a stricter mode, it owns the finding.
deny contains pss.strictest("EKS-PSR-001", hs) if {
	some key, hs in hits
	not _outranked(key, hs)
}

_outranked(key, hs) if pss.outranked(hs, baseline.hits[key])
