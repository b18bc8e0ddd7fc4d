package eks.rules.det.control_plane_logs_test

import data.eks.rules.det.control_plane_logs
import data.eks.test.tf

_c(types) := tf.resource("aws_eks_cluster.c", {"enabled_cluster_log_types": types})

test_missing_audit_is_high if {
	findings := control_plane_logs.deny with input as tf.input_of([_c(["api"])])
	[object.get(f, "severity", "high") | some f in findings] == ["high"]
}

test_missing_others_is_medium if {
	findings := control_plane_logs.deny with input as tf.input_of([_c(["audit", "authenticator", "api"])])
	[f.severity | some f in findings] == ["medium"]
}

test_case_sensitive if {
	count(control_plane_logs.deny) == 1 with input as tf.input_of([_c(["api", "audit", "authenticator", "controllermanager", "scheduler"])])
}

test_all_pass if {
	count(control_plane_logs.deny) == 0 with input as tf.input_of([_c(["api", "audit", "authenticator", "controllerManager", "scheduler"])])
	count(control_plane_logs.deny) == 1 with input as tf.input_of([_c(null)])
}
