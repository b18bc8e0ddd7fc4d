# METADATA
# title: Secrets consumed as files, not environment variables
# description: >-
#   Environment variables leak: into `kubectl describe`, crash dumps, child processes and
#   logs of tools that print their environment. A Secret mounted as a volume can be rotated
#   without restarting the pod and is readable only by the container that mounts it. One
#   finding per `env[].valueFrom.secretKeyRef` and per `envFrom[].secretRef`.
# related_resources:
#   - ref: https://docs.aws.amazon.com/eks/latest/best-practices/data-encryption-and-secrets-management.html
#     description: EKS Best Practices, Use volume mounts instead of environment variables
# custom:
#   id: EKS-DATA-008
#   severity: low
#   mode: enforce
#   input: k8s
#   remediation: >-
#     Mount the Secret as a volume (`volumes[].secret` or a CSI SecretProviderClass) and have
#     the application read the file.
#   fix:
#     before: |
#       env:
#         - name: DB_PASSWORD
#           valueFrom:
#             secretKeyRef: {name: db, key: password}
#     after: |
#       volumeMounts:
#         - {name: db, mountPath: /var/run/secrets/db, readOnly: true}
#       # pod: volumes: [{name: db, secret: {secretName: db}}]
#   compliance:
#     cis-eks: ["4.4.1"]
#     eks-bp: ["data"]
#   tags: [secrets, data]
package eks.rules.data.secret_env

import data.eks.lib.k8s
import data.eks.lib.result

deny contains result.new("EKS-DATA-008", pod.doc, path, msg) if {
	some pod in k8s.pods
	some c in k8s.containers(pod)
	env := object.get(c.container, "env", [])
	is_array(env)
	some i, e in env
	ref := e.valueFrom.secretKeyRef
	is_object(ref)
	path := array.concat(c.path, ["env", i, "valueFrom", "secretKeyRef"])
	msg := sprintf(
		`container "%s" env %s reads Secret "%s" key "%s" into an environment variable; mount the Secret as a file instead`,
		[c.name, result.show(object.get(e, "name", "")), result.show(object.get(ref, "name", "")), result.show(object.get(ref, "key", ""))],
	)
}

deny contains result.new("EKS-DATA-008", pod.doc, path, msg) if {
	some pod in k8s.pods
	some c in k8s.containers(pod)
	env_from := object.get(c.container, "envFrom", [])
	is_array(env_from)
	some i, e in env_from
	ref := e.secretRef
	is_object(ref)
	path := array.concat(c.path, ["envFrom", i, "secretRef"])
	msg := sprintf(
		`container "%s" envFrom loads every key of Secret "%s" into environment variables; mount the Secret as a file instead`,
		[c.name, result.show(object.get(ref, "name", ""))],
	)
}
