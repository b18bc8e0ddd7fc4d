# METADATA
# title: NetworkPolicy test fixtures
# description: Builders for the tests of the EKS-NET, EKS-MT and EKS-IR rules.
package eks.test.netpol

import data.eks.test.fixtures

# METADATA
# title: Deployment
# description: >-
#   A Deployment whose pod template carries `labels`; its own labels and spec.selector carry
#   other labels, so a rule that reads them instead is caught.
deployment(ns, name, labels) := {
	"apiVersion": "apps/v1", "kind": "Deployment",
	"metadata": {"name": name, "namespace": ns, "labels": {"owner-label": "not-used"}},
	"spec": {
		"selector": {"matchLabels": {"selector-label": "not-used"}},
		"template": {"metadata": {"labels": labels}, "spec": {"containers": [{"name": "c", "image": "x"}]}},
	},
}

# METADATA
# title: Deployment with a pod spec
# description: A Deployment whose pod spec is `spec`.
deployment_with(ns, name, labels, spec) := json.patch(deployment(ns, name, labels), [{"op": "replace", "path": "/spec/template/spec", "value": spec}])

# METADATA
# title: NetworkPolicy
# description: A NetworkPolicy with this spec.
policy(ns, name, spec) := {"apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy", "metadata": {"name": name, "namespace": ns}, "spec": spec}

# METADATA
# title: Default deny
# description: A default-deny NetworkPolicy for both directions.
default_deny(ns) := policy(ns, "default-deny", {"podSelector": {}, "policyTypes": ["Ingress", "Egress"]})

# METADATA
# title: DNS egress
# description: A policy that lets every pod of the namespace resolve names through kube-dns.
allow_dns(ns) := policy(ns, "allow-dns", {
	"podSelector": {"matchExpressions": [{"key": "quarantine", "operator": "DoesNotExist"}]},
	"policyTypes": ["Egress"],
	"egress": [{
		"to": [{
			"namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": "kube-system"}},
			"podSelector": {"matchLabels": {"k8s-app": "kube-dns"}},
		}],
		"ports": [{"port": 53, "protocol": "UDP"}, {"port": 53, "protocol": "TCP"}],
	}],
})

# METADATA
# title: Namespace
# description: A Namespace object with these labels.
namespace(name, labels) := fixtures.namespace(name, labels)

# METADATA
# title: Input
# description: An input of these objects with the default context.
input_of(objects) := fixtures.input_of(objects)

# METADATA
# title: Input with context changes
# description: An input of these objects with the default context merged with `changes`.
input_with(objects, changes) := fixtures.input_with(objects, object.union(fixtures.default_context, changes))

# METADATA
# title: Findings as text
# description: Each finding of a rule as "rule doc severity? path", sortable, for exact assertions.
brief(findings) := {sprintf("%s %d %s %s", [f.rule, f.doc, object.get(f, "severity", "-"), concat(".", [sprintf("%v", [s]) | some s in f.path])]) | some f in findings}
