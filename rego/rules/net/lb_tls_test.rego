package eks.rules.net.lb_tls_test

import data.eks.rules.net.lb_tls
import data.eks.test.tf

test_plain_http_fails_unless_redirect if {
	count(lb_tls.deny) == 1 with input as tf.input_of([tf.resource("aws_lb_listener.l", {"protocol": "HTTP", "default_action": [{"type": "forward"}]})])
	count(lb_tls.deny) == 0 with input as tf.input_of([tf.resource("aws_lb_listener.l", {"protocol": "HTTP", "default_action": [{"type": "redirect", "redirect": [{"protocol": "HTTPS"}]}]})])
}

test_old_ssl_policy_fails if {
	count(lb_tls.deny) == 1 with input as tf.input_of([tf.resource("aws_lb_listener.l", {"protocol": "HTTPS", "ssl_policy": "ELBSecurityPolicy-2016-08"})])
	count(lb_tls.deny) == 0 with input as tf.input_of([tf.resource("aws_lb_listener.l", {"protocol": "HTTPS", "ssl_policy": "ELBSecurityPolicy-TLS13-1-2-2021-06"})])
}
