# The Kubernetes part of EKS-NET-010 (the package and its metadata are in sgp_enforcing_mode.rego).
package eks.rules.net.sgp_enforcing_mode

import data.eks.lib.k8s
import data.eks.lib.netpol

_env_name := "POD_SECURITY_GROUP_ENFORCING_MODE"

# METADATA
# title: Enforcing mode from the aws-node DaemonSet
# description: >-
#   The mode the aws-node container's env sets (POD_SECURITY_GROUP_ENFORCING_MODE), or the
#   default strict when it sets none.
mode_evidence contains {"mode": mode, "doc": pod.doc, "path": path} if {
	some pod in k8s.pods
	_aws_node(pod.doc)
	some c in k8s.containers(pod)
	c.name == "aws-node"
	[mode, path] := _mode(c)
}

_aws_node(doc) if {
	doc.source != "terraform"
	doc.kind == "DaemonSet"
	k8s.group(doc.apiVersion) == "apps"
	doc.name == "aws-node"
	doc.namespace == "kube-system"
}

_mode(c) := [env[i].value, array.concat(c.path, ["env", i, "value"])] if {
	env := netpol.as_list(object.get(c.container, "env", []))

	# A variable set twice: the last one counts, as in the container.
	found := {i | some i, e in env; e.name == _env_name; is_string(e.value)}
	count(found) > 0
	i := max(found)
} else := ["strict", array.concat(c.path, ["env"])]

_usable_sgp_ids := [id | some id, s in netpol.security_group_policies; count(netpol.sgp_ignored(s.spec)) == 0]

# METADATA
# title: Strict mode with NetworkPolicies (Kubernetes)
# description: The aws-node DaemonSet leaves security groups for pods in strict mode while SGPs and NetworkPolicies are both used.
deny contains netpol.finding("EKS-NET-010", e.doc, e.path, msg, {}) if {
	count(_usable_sgp_ids) > 0
	count(netpol.policies) > 0
	some e in mode_evidence
	e.doc.source != "terraform"
	e.mode != "standard"
	msg := sprintf("the aws-node DaemonSet runs security groups for pods in %s mode (%s) while the scan has %d SecurityGroupPolicies and %d NetworkPolicies: pods matched by a SecurityGroupPolicy ignore NetworkPolicy. Set %s=standard", [e.mode, _how(e), count(_usable_sgp_ids), count(netpol.policies), _env_name])
}

_how(e) := "the default" if e.path[count(e.path) - 1] == "env"

else := concat("", [_env_name, "=", e.mode])

# METADATA
# title: Mode not in the scan
# description: >-
#   SGPs and NetworkPolicies are both in the scan but nothing says which mode the VPC CNI
#   runs in (no aws-node DaemonSet, no vpc-cni add-on): not evaluable, reported for information.
deny contains netpol.finding("EKS-NET-010", sgp.doc, ["kind"], msg, {"severity": "info"}) if {
	count(_usable_sgp_ids) > 0
	count(netpol.policies) > 0
	count(mode_evidence) == 0
	sgp := netpol.security_group_policies[min(_usable_sgp_ids)]
	msg := sprintf("not evaluable: the scan has SecurityGroupPolicies and NetworkPolicies but not the VPC CNI configuration (aws-node DaemonSet or vpc-cni add-on). In the default strict mode, NetworkPolicy does not apply to pods matched by SecurityGroupPolicy %s/%s; make sure %s=standard", [sgp.ns, sgp.doc.name, _env_name])
}
