package eks.rules.psb.sysctls_test

import data.eks.rules.psb.sysctls
import data.eks.test.pss as t

_pod(names) := t.pod({"securityContext": {"sysctls": [{"name": n, "value": "1"} | some n in names]}, "containers": [{"name": "c"}]})

_unsafe(version, names) := msgs if {
	msgs := {f.message | some f in sysctls.deny} with input as t.at("baseline", version, [_pod(names)])
}

test_safe_set_grows_by_version if {
	names := ["kernel.shm_rmid_forced", "net.ipv4.ip_local_reserved_ports", "net.ipv4.tcp_keepalive_time", "net.ipv4.tcp_rmem"]
	count(_unsafe("v1.26", names)) == 3
	count(_unsafe("v1.27", names)) == 2
	count(_unsafe("v1.28", names)) == 2
	count(_unsafe("v1.29", names)) == 1
	count(_unsafe("v1.31", names)) == 1
	count(_unsafe("v1.32", names)) == 0
	count(_unsafe("latest", names)) == 0
}

test_exact_names_only if {
	_unsafe("latest", ["net/ipv4/tcp_syncookies", "kernel.msgmax", "net.ipv4.tcp_slow_start_after_idle"]) == {
		`violates PodSecurity "baseline:latest": forbidden sysctls (net/ipv4/tcp_syncookies)`,
		`violates PodSecurity "baseline:latest": forbidden sysctls (kernel.msgmax)`,
		`violates PodSecurity "baseline:latest": forbidden sysctls (net.ipv4.tcp_slow_start_after_idle)`,
	}
}

test_path_is_the_name if {
	findings := sysctls.deny with input as t.at("baseline", "latest", [_pod(["kernel.shm_rmid_forced", "kernel.msgmax"])])
	t.paths(findings) == {["spec", "securityContext", "sysctls", 1, "name"]}
}
