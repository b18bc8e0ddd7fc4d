package eks.rules.host.kubelet_config_test

import data.eks.rules.host.kubelet_config
import data.eks.test.tf

_lt(text) := tf.resource("aws_launch_template.lt", {"user_data": base64.encode(text)})

test_al2_flags if {
	findings := kubelet_config.deny with input as tf.input_of([_lt("#!/bin/bash\n/etc/eks/bootstrap.sh c --kubelet-extra-args '--anonymous-auth=true --read-only-port=10255'\n")])
	some f in findings
	contains(f.message, "anonymous authentication is enabled")
	contains(f.message, "the read-only port is open")
}

test_al2023_nodeconfig if {
	nc := "MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=\"B\"\n\n--B\nContent-Type: application/node.eks.aws\n\napiVersion: node.eks.aws/v1alpha1\nkind: NodeConfig\nspec:\n  kubelet:\n    config:\n      authorization:\n        mode: AlwaysAllow\n      rotateCertificates: false\n--B--\n"
	findings := kubelet_config.deny with input as tf.input_of([_lt(nc)])
	some f in findings
	contains(f.message, "AlwaysAllow")
	contains(f.message, "certificate rotation is off")
}

test_defaults_pass if {
	count(kubelet_config.deny) == 0 with input as tf.input_of([_lt("#!/bin/bash\n/etc/eks/bootstrap.sh c --kubelet-extra-args '--node-labels=a=b --read-only-port=0'\n")])
}
