package eks.rules.rbac.secrets_read_test

import data.eks.rules.rbac.secrets_read
import data.eks.test.fixtures
import data.eks.test.rbac

test_roles_and_cluster_roles if {
	objs := [
		rbac.role("app", "reader", [
			rbac.rule([""], ["configmaps"], ["get"]),
			rbac.rule([""], ["configmaps", "secrets"], ["list"]),
			object.union(rbac.rule([""], ["secrets"], ["get"]), {"resourceNames": ["app-tls"]}),
		]),
		rbac.cluster_role("all", [rbac.rule([""], ["*"], ["watch", "create"])]),
		rbac.cluster_role("writer", [rbac.rule([""], ["secrets"], ["create", "update"])]),
		rbac.cluster_role("apps", [rbac.rule(["apps"], ["secrets"], ["get"])]),
	]
	findings := secrets_read.deny with input as fixtures.input_of(objs)
	rbac.at(findings) == {
		[0, ["rules", 1, "resources", 1]],
		[0, ["rules", 2, "resources", 0]],
		[1, ["rules", 0, "resources", 0]],
	}
	{f.message | some f in findings} == {
		`Role "app/reader" rules[1] grants list on secrets: it reads the credentials in scope`,
		`Role "app/reader" rules[2] grants get on secrets (resourceNames: app-tls): it reads the credentials in scope`,
		`ClusterRole "all" rules[0] grants watch on secrets: it reads the credentials in scope`,
	}
}
