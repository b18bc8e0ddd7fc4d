# METADATA
# title: No secrets in Terraform-managed node or add-on configuration
# description: >-
#   Credentials written into Terraform land in the state and the plan in clear text, even
#   when marked sensitive. Checked (rules.md §9): launch template and instance user_data
#   (base64-decoded first), aws_eks_addon configuration_values, non-SecureString
#   aws_ssm_parameter values, kubernetes_secret data, helm_release values and set values,
#   aws_lambda_function environment variables. Critical for high-confidence patterns (AWS
#   keys, private keys, tokens), high for a literal under a secret-like name. Messages show
#   only a redacted form; values Terraform marks sensitive are not shown at all.
# related_resources:
#   - ref: https://docs.aws.amazon.com/eks/latest/best-practices/data-encryption-and-secrets-management.html
#     description: EKS Best Practices, Secrets management
# custom:
#   id: EKS-DATA-012
#   severity: critical
#   mode: enforce
#   input: tf
#   remediation: >-
#     Remove the secret from the configuration: keep it in Secrets Manager or SSM (SecureString)
#     and have the node, add-on or pod fetch it at run time; rotate the exposed credential.
#   compliance:
#     eks-bp: ["data"]
#   tags: [terraform, secrets]
package eks.rules.data.terraform_secrets

import data.eks.lib.secrets
import data.eks.lib.tf

_decoded(v) := t if {
	is_string(v)
	regex.match(`^[A-Za-z0-9+/\s]+=*\s*$`, v)
	base64.is_valid(v)
	t := base64.decode(v)
	secrets.is_text(t) # gzip-compressed user data is not text
} else := ""

# Texts to scan, as {doc, path, text}.
_texts contains {"doc": d, "path": ["values", "user_data"], "text": t} if {
	some type in ["aws_launch_template", "aws_instance", "aws_launch_configuration"]
	some d in tf.managed(type)
	v := tf.get(d, ["user_data"])
	is_string(v)
	some t in {v, _decoded(v)}
	t != ""
}

_texts contains {"doc": d, "path": ["values", "user_data_base64"], "text": _decoded(v)} if {
	some d in tf.managed("aws_instance")
	v := tf.get(d, ["user_data_base64"])
	is_string(v)
}

_texts contains {"doc": d, "path": ["values", "configuration_values"], "text": v} if {
	some d in tf.managed("aws_eks_addon")
	v := tf.get(d, ["configuration_values"])
	is_string(v)
}

_texts contains {"doc": d, "path": ["values", "values", i], "text": v} if {
	some d in tf.managed("helm_release")
	some i, v in tf.get(d, ["values"])
	is_string(v)
}

_texts contains {"doc": d, "path": ["values", field, i, "value"], "text": v} if {
	some d in tf.managed("helm_release")
	some field in ["set", "set_sensitive"]
	some i, s in tf.get(d, [field])
	v := s.value
	is_string(v)
}

_texts contains {"doc": d, "path": ["values", "data", k], "text": v} if {
	some type in ["kubernetes_secret", "kubernetes_secret_v1"]
	some d in tf.managed(type)
	some k, v in tf.get(d, ["data"])
	is_string(v)
}

_texts contains {"doc": d, "path": ["values", "value"], "text": v} if {
	some d in tf.managed("aws_ssm_parameter")
	tf.get(d, ["type"]) != "SecureString"
	v := tf.get(d, ["value"])
	is_string(v)
}

# Name-based hits: a literal under a secret-like name (environment variables, SSM names, helm set names).
_named contains {"doc": d, "path": ["values", "environment", 0, "variables", k], "name": k, "value": v} if {
	some d in tf.managed("aws_lambda_function")
	some k, v in object.get(tf.block(d, "environment"), "variables", {})
	is_string(v)
}

_named contains {"doc": d, "path": ["values", "value"], "name": n, "value": v} if {
	some d in tf.managed("aws_ssm_parameter")
	tf.get(d, ["type"]) != "SecureString"
	name := tf.get(d, ["name"])
	is_string(name)
	parts := split(name, "/")
	n := parts[count(parts) - 1]
	v := tf.get(d, ["value"])
	is_string(v)
}

_named contains {"doc": d, "path": ["values", "set", i, "value"], "name": n, "value": v} if {
	some d in tf.managed("helm_release")
	some i, s in tf.get(d, ["set"])
	n := s.name
	v := s.value
	is_string(v)
}

_hits[[d.id, path]] contains h if {
	some x in _texts
	d := x.doc
	path := x.path
	some h in secrets.in_text(x.text)
}

_hits[[d.id, path]] contains h if {
	some x in _named
	d := x.doc
	path := x.path
	some h in secrets.in_text(x.value)
}

_hits[[d.id, path]] contains h if {
	some x in _named
	d := x.doc
	path := x.path
	secrets.sensitive_name(_last(x.name))
	not secrets.inert(x.value)
	count(secrets.in_text(x.value)) == 0
	h := {"severity": "high", "what": "a literal value under a secret-like name", "value": x.value}
}

_last(n) := parts[count(parts) - 1] if {
	parts := split(n, ".")
}

_shown(d, path, s) := sprintf("%s (a value Terraform marks sensitive)", [s.what]) if {
	tf.display(d, array.slice(path, 1, count(path)), "") == "(sensitive)"
} else := secrets.describe(s)

deny contains secrets.finding("EKS-DATA-012", d, path, [], msg, s) if {
	some key, hits in _hits
	[id, path] := key
	d := input.documents[id]
	s := secrets.summary(hits)
	msg := sprintf("%s: %s holds %s. Keep secrets out of Terraform configuration (Secrets Manager or SSM SecureString, fetched at run time) and rotate this one.", [d.name, concat(".", [sprintf("%v", [p]) | some p in array.slice(path, 1, count(path))]), _shown(d, path, s)])
}
