# METADATA
# title: An admission policy engine is deployed
# description: >-
#   The gate checks manifests before they merge; an admission policy engine (Kyverno,
#   OPA Gatekeeper, Kubewarden or ValidatingAdmissionPolicy) enforces the same policies on
#   everything that reaches the API server by other paths (kubectl, operators, Helm run by
#   hand). Checked when the scan holds a platform bundle, i.e. at least one Namespace object:
#   the finding is reported once, on the first Namespace, if none of the engines' objects
#   (policies, constraint templates, bindings or their CRDs) is in the scan.
# related_resources:
#   - ref: https://docs.aws.amazon.com/eks/latest/best-practices/compliance.html
#     description: EKS Best Practices, Compliance, Policy as Code
#   - ref: https://kubernetes.io/docs/reference/access-authn-authz/validating-admission-policy/
#     description: Kubernetes, Validating Admission Policy
# custom:
#   id: EKS-CMP-003
#   severity: low
#   mode: warn
#   input: k8s
#   remediation: >-
#     Deploy an admission policy engine with the cluster's platform manifests (Kyverno,
#     Gatekeeper, Kubewarden) or bind ValidatingAdmissionPolicies, and enforce at least the
#     Pod Security and image rules the gate checks, so changes that bypass the pull request
#     are held to the same policy.
#   fix:
#     before: |
#       # platform/ holds namespaces and workloads, no admission policy
#     after: |
#       apiVersion: admissionregistration.k8s.io/v1
#       kind: ValidatingAdmissionPolicyBinding
#       metadata:
#         name: require-team-label
#       spec:
#         policyName: require-team-label
#         validationActions: [Deny]
#   compliance:
#     eks-bp: ["compliance"]
#     nsa-cisa: ["pod-security"]
#   tags: [compliance, admission]
package eks.rules.cmp.admission_engine

import data.eks.lib.k8s
import data.eks.lib.result

# API groups whose objects only exist where a policy engine is installed.
engine_groups := {
	"kyverno.io": "Kyverno",
	"policies.kyverno.io": "Kyverno",
	"templates.gatekeeper.sh": "Gatekeeper",
	"constraints.gatekeeper.sh": "Gatekeeper",
	"config.gatekeeper.sh": "Gatekeeper",
	"mutations.gatekeeper.sh": "Gatekeeper",
	"policies.kubewarden.io": "Kubewarden",
}

# Built-in admission policy kinds (admissionregistration.k8s.io).
admission_policy_kinds := {"ValidatingAdmissionPolicy", "ValidatingAdmissionPolicyBinding"}

_engine_objects contains doc.id if {
	some doc in input.documents
	is_string(doc.apiVersion)
	engine_groups[k8s.group(doc.apiVersion)]
}

_engine_objects contains doc.id if {
	some kind in admission_policy_kinds
	some doc in k8s.of_kind(kind)
	is_string(doc.apiVersion)
	k8s.group(doc.apiVersion) == "admissionregistration.k8s.io"
}

# The engine's CustomResourceDefinitions (a Helm chart of the engine renders them).
_engine_objects contains doc.id if {
	some doc in k8s.of_kind("CustomResourceDefinition")
	engine_groups[doc.object.spec.group]
}

_first_namespace := min({doc.id | some doc in input.documents; doc.kind == "Namespace"; doc.apiVersion == "v1"})

deny contains result.new("EKS-CMP-003", doc, ["metadata"], msg) if {
	count(_engine_objects) == 0
	doc := input.documents[_first_namespace]
	msg := "no admission policy engine (Kyverno, Gatekeeper, Kubewarden or a ValidatingAdmissionPolicyBinding) is deployed with these manifests; the cluster enforces none of the gate's policies on changes that bypass the pull request"
}
