# The Kubernetes part of EKS-NET-008 (the package and its metadata are in policy_engine.rego).
package eks.rules.net.policy_engine

import data.eks.lib.result

import data.eks.lib.k8s
import data.eks.lib.netpol

_kube_system := "kube-system"

_vpc_cni_keys := ["enable-network-policy-controller", "enable-network-policy"]

_nodeagent_names := {"aws-eks-nodeagent", "aws-network-policy-agent"}

_is_doc(doc, kind, group, name) if {
	doc.source != "terraform"
	doc.kind == kind
	k8s.group(doc.apiVersion) == group
	doc.name == name
	doc.namespace == _kube_system
}

# METADATA
# title: Node agent flag
# description: >-
#   The value of a `--flag=value` (or `--flag value`) argument of a container, if given.
container_flag(container, flag) := values[count(values) - 1] if {
	# A flag given several times: the last one counts, as for the agent's flag parser.
	args := netpol.as_list(object.get(container, "args", []))
	values := [v |
		some i, arg in args
		is_string(arg)
		v := _flag_value(args, i, arg, flag)
	]
	count(values) > 0
}

_flag_value(_, _, arg, flag) := substring(arg, count(flag) + 1, -1) if startswith(arg, concat("", [flag, "="]))

_flag_value(args, i, arg, flag) := args[i + 1] if {
	arg == flag
	is_string(args[i + 1])
}

# METADATA
# title: VPC CNI node agents
# description: >-
#   The network-policy node agent containers of the aws-node DaemonSet in kube-system, each
#   {doc, container, path}.
nodeagents contains {"doc": pod.doc, "container": c.container, "path": c.path} if {
	some pod in k8s.pods
	_is_doc(pod.doc, "DaemonSet", "apps", "aws-node")
	some c in k8s.containers(pod)
	c.name in _nodeagent_names
}

_aws_node_pods contains pod if {
	some pod in k8s.pods
	_is_doc(pod.doc, "DaemonSet", "apps", "aws-node")
}

# METADATA
# title: Engine evidence
# description: >-
#   What the scan says about the NetworkPolicy engine, each {engine, enabled, deny_capable,
#   doc, path, detail}. The Kubernetes part: the amazon-vpc-cni ConfigMap, the aws-node
#   DaemonSet's node agent, and Calico or Cilium objects. Another part of this package (e.g.
#   the vpc-cni add-on of a Terraform plan) may add evidence; `status` and the coverage report
#   read all of it.
engine_evidence contains e if {
	some doc in input.documents
	_is_doc(doc, "ConfigMap", "", "amazon-vpc-cni")
	data_ := object.get(doc.object, "data", {})
	e := _configmap_evidence(doc, data_)
}

_configmap_evidence(doc, data_) := {
	"engine": "vpc-cni", "enabled": true, "deny_capable": false, "doc": doc, "path": ["data", key],
	"detail": sprintf("ConfigMap kube-system/amazon-vpc-cni sets %s: \"true\"", [key]),
} if {
	some key in _vpc_cni_keys
	object.get(data_, key, null) == "true"
} else := {
	"engine": "vpc-cni", "enabled": false, "deny_capable": false, "doc": doc, "path": ["data", key],
	"detail": sprintf("ConfigMap kube-system/amazon-vpc-cni sets %s: \"%s\"", [key, result.show(data_[key])]),
} if {
	some key in _vpc_cni_keys
	is_string(data_[key])
} else := {
	"engine": "vpc-cni", "enabled": false, "deny_capable": false, "doc": doc, "path": ["data"],
	"detail": "ConfigMap kube-system/amazon-vpc-cni does not set enable-network-policy-controller (default \"false\")",
}

engine_evidence contains e if {
	some agent in nodeagents
	e := _nodeagent_evidence(agent, container_flag(agent.container, "--enable-network-policy"))
}

engine_evidence contains e if {
	some agent in nodeagents
	not container_flag(agent.container, "--enable-network-policy")
	e := {
		"engine": "vpc-cni", "enabled": false, "deny_capable": false, "doc": agent.doc, "path": agent.path,
		"detail": "the aws-node node agent does not pass --enable-network-policy=true (default false)",
	}
}

_nodeagent_evidence(agent, "true") := {
	"engine": "vpc-cni", "enabled": true, "deny_capable": false, "doc": agent.doc, "path": array.concat(agent.path, ["args"]),
	"detail": "the aws-node node agent runs with --enable-network-policy=true",
}

_nodeagent_evidence(agent, v) := {
	"engine": "vpc-cni", "enabled": false, "deny_capable": false, "doc": agent.doc, "path": array.concat(agent.path, ["args"]),
	"detail": sprintf("the aws-node node agent runs with --enable-network-policy=%s", [v]),
} if v != "true"

engine_evidence contains e if {
	some pod in _aws_node_pods
	count([1 | some c in k8s.containers(pod); c.name in _nodeagent_names]) == 0
	e := {
		"engine": "vpc-cni", "enabled": false, "deny_capable": false, "doc": pod.doc, "path": array.concat(pod.spec_path, ["containers"]),
		"detail": "the aws-node DaemonSet has no network-policy node agent container (aws-eks-nodeagent)",
	}
}

_third_party_groups := {
	"crd.projectcalico.org": "calico", "projectcalico.org": "calico", "operator.tigera.io": "calico",
	"cilium.io": "cilium",
}

_third_party_daemonsets := {"calico-node": "calico", "cilium": "cilium"}

engine_evidence contains e if {
	some doc in input.documents
	doc.source != "terraform"
	engine := _third_party_groups[k8s.group(doc.apiVersion)]
	e := {
		"engine": engine, "enabled": true, "deny_capable": true, "doc": doc, "path": ["kind"],
		"detail": sprintf("%s %s is a %s object", [doc.kind, doc.name, engine]),
	}
}

engine_evidence contains e if {
	some doc in k8s.of_kind("DaemonSet")
	doc.source != "terraform"
	engine := _third_party_daemonsets[doc.name]
	e := {
		"engine": engine, "enabled": true, "deny_capable": true, "doc": doc, "path": ["metadata", "name"],
		"detail": sprintf("DaemonSet %s/%s runs %s", [doc.namespace, doc.name, engine]),
	}
}

# METADATA
# title: Engine status
# description: >-
#   "enabled" when some evidence shows an engine enforcing NetworkPolicy, "disabled" when
#   the only evidence shows it off, "unknown" when the scan says nothing about it.
status := "enabled" if {
	some e in engine_evidence
	e.enabled
} else := "disabled" if {
	some _ in engine_evidence
} else := "unknown"

# METADATA
# title: Deny-capable engine
# description: Calico or Cilium is in the scan, which can deny traffic, not only allow it.
deny_capable if {
	some e in engine_evidence
	e.deny_capable
}

# METADATA
# title: Engine off (Kubernetes)
# description: >-
#   The scan has NetworkPolicies, and its Kubernetes objects show the VPC CNI's network
#   policy switched off with no other engine: the policies are inert.
deny contains netpol.finding("EKS-NET-008", e.doc, e.path, msg, {}) if {
	count(netpol.policies) > 0
	status == "disabled"
	some e in engine_evidence
	e.doc.source != "terraform"
	msg := sprintf("NetworkPolicy enforcement is off: %s, and no other engine (Calico, Cilium) is in the scan, so the scan's %d NetworkPolicies are not enforced", [e.detail, count(netpol.policies)])
}

# A default, so the rule is computed once: OPA's Wasm target does not memoise undefined rules.
default deny_capable := false
