package eks.rules.rbac.workload_create_test

import data.eks.rules.rbac.workload_create
import data.eks.test.fixtures
import data.eks.test.rbac

_objs := [
	rbac.cluster_role("deployer", [
		rbac.rule(["apps"], ["deployments", "statefulsets"], ["create", "update"]),
		rbac.rule(["apps"], ["deployments"], ["get", "list"]),
		rbac.rule([""], ["pods"], ["*"]),
	]),
	rbac.role("ci", "jobs", [rbac.rule(["batch"], ["cronjobs", "jobs"], ["create"])]),
	rbac.role("ci", "wrong-group", [rbac.rule([""], ["deployments"], ["create"])]),
]

test_create_on_workloads if {
	findings := workload_create.deny with input as fixtures.input_of(_objs)
	rbac.at(findings) == {[0, ["rules", 0, "resources", 0]], [0, ["rules", 2, "resources", 0]], [1, ["rules", 0, "resources", 0]]}
	some f in findings
	f.doc == 1
	f.message == `Role "ci/jobs" rules[0] grants create on cronjobs, jobs: it can run pods with any ServiceAccount and Secret of the namespace`
}

test_allow_list if {
	ctx := object.union(fixtures.default_context, {"rbac": {"workload_creators": ["ClusterRole/deployer", "Role/ci/*"]}})
	count(workload_create.deny) == 0 with input as fixtures.input_with(_objs, ctx)
}
