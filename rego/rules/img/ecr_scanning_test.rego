package eks.rules.img.ecr_scanning_test

import data.eks.rules.img.ecr_scanning
import data.eks.test.tf

_repo(on_push) := tf.resource("aws_ecr_repository.r", {"name": "team-a/app", "image_scanning_configuration": [{"scan_on_push": on_push}]})

_registry(filter) := tf.resource("aws_ecr_registry_scanning_configuration.s", {"scan_type": "ENHANCED", "rule": [{"scan_frequency": "CONTINUOUS_SCAN", "repository_filter": [{"filter": filter, "filter_type": "WILDCARD"}]}]})

test_unscanned_fails if {
	count(ecr_scanning.deny) == 1 with input as tf.input_of([_repo(false)])
	count(ecr_scanning.deny) == 1 with input as tf.input_of([_repo(false), _registry("team-b/*")])
}

test_scan_on_push_or_enhanced_passes if {
	count(ecr_scanning.deny) == 0 with input as tf.input_of([_repo(true)])
	count(ecr_scanning.deny) == 0 with input as tf.input_of([_repo(false), _registry("team-a/*")])
}
