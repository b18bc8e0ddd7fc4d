package eks.rules.psb.selinux_test

import data.eks.rules.psb.selinux
import data.eks.test.pss as t

_pod(opts) := t.pod({"securityContext": {"seLinuxOptions": opts}, "containers": [{"name": "c", "securityContext": {"seLinuxOptions": opts}}]})

test_allowed_types_and_level if {
	every type in ["", "container_t", "container_init_t", "container_kvm_t"] {
		count(selinux.deny) == 0 with input as t.at("baseline", "v1.0", [_pod({"type": type, "level": "s0:c1,c2"})])
	}
}

test_container_engine_t_from_v1_31 if {
	pod := _pod({"type": "container_engine_t"})
	count(selinux.deny) == 2 with input as t.at("baseline", "v1.30", [pod])
	count(selinux.deny) == 0 with input as t.at("baseline", "v1.31", [pod])
	count(selinux.deny) == 0 with input as t.at("restricted", "latest", [object.union(pod, {"spec": t.restricted_spec})])
}

test_each_bad_field_is_a_finding if {
	findings := selinux.deny with input as t.at("baseline", "latest", [_pod({"type": "spc_t", "user": "system_u", "role": "sysadm_r"})])
	t.paths(findings) == {
		["spec", "securityContext", "seLinuxOptions", "type"],
		["spec", "securityContext", "seLinuxOptions", "user"],
		["spec", "securityContext", "seLinuxOptions", "role"],
		["spec", "containers", 0, "securityContext", "seLinuxOptions", "type"],
		["spec", "containers", 0, "securityContext", "seLinuxOptions", "user"],
		["spec", "containers", 0, "securityContext", "seLinuxOptions", "role"],
	}
	`violates PodSecurity "baseline:latest": seLinuxOptions (pod set forbidden securityContext.seLinuxOptions: type "spc_t")` in t.messages(findings)
	`violates PodSecurity "baseline:latest": seLinuxOptions (container "c" set forbidden securityContext.seLinuxOptions: role may not be set)` in t.messages(findings)
}
