package eks.rules.img.images_test

import data.eks.rules.img.deprecated_registry
import data.eks.rules.img.digest
import data.eks.rules.img.latest_tag
import data.eks.rules.img.registries
import data.eks.test.fixtures

_digest := "sha256:4c2b8e2f6a3d1e0f9b7c5a4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f"

_spec := {
	"initContainers": [{"name": "init", "image": "busybox"}],
	"containers": [
		{"name": "latest", "image": "registry.example.com/shop/checkout:latest"},
		{"name": "pinned", "image": concat("", ["123456789012.dkr.ecr.eu-west-1.amazonaws.com/app@", _digest])},
		{"name": "latest-pinned", "image": concat("", ["public.ecr.aws/nginx/nginx:latest@", _digest])},
		{"name": "tagged", "image": "602401143452.dkr.ecr.us-west-2.amazonaws.com/amazon-k8s-cni:v1.19.2"},
		{"name": "old", "image": "k8s.gcr.io/pause:3.2"},
		{"name": "port", "image": "localhost:5000/app"},
		{"name": "bad-digest", "image": "ghcr.io/org/app@sha256:abc"},
	],
	"ephemeralContainers": [{"name": "debug", "image": 7}],
}

_paths(findings) := {[f.path[count(f.path) - 3], f.path[count(f.path) - 2]] | some f in findings}

test_latest_or_untagged_in_every_carrier if {
	every c in fixtures.carriers(_spec) {
		findings := latest_tag.deny with input as fixtures.input_of([c.object])
		{f.path | some f in findings} == {
			array.concat(c.spec_path, ["initContainers", 0, "image"]),
			array.concat(c.spec_path, ["containers", 0, "image"]),
			array.concat(c.spec_path, ["containers", 5, "image"]),
		}
	}
	findings := latest_tag.deny with input as fixtures.input_of([fixtures.carriers(_spec).Pod.object])
	`container "init" image "busybox" has no tag (so it is :latest): the image can change under the same name; use a version tag or a digest` in {f.message | some f in findings}
}

test_digest if {
	findings := digest.deny with input as fixtures.input_of([fixtures.carriers(_spec).Pod.object])
	_paths(findings) == {["initContainers", 0], ["containers", 0], ["containers", 3], ["containers", 4], ["containers", 5], ["containers", 6]}
}

test_registries_default if {
	findings := registries.deny with input as fixtures.input_of([fixtures.carriers(_spec).Pod.object])
	_paths(findings) == {["initContainers", 0], ["containers", 0], ["containers", 4], ["containers", 5], ["containers", 6]}
	`container "init" image "busybox" comes from docker.io, which is not an approved registry (images.registries)` in {f.message | some f in findings}
}

test_registries_configured if {
	ctx := object.union(fixtures.default_context, {"images": {
		"registries": ["*.example.com", "ghcr.io/org/*", "LOCALHOST:5000"],
		"ecr_accounts": ["999999999999"],
	}})
	findings := registries.deny with input as fixtures.input_with([fixtures.carriers(_spec).Pod.object], ctx)
	_paths(findings) == {["initContainers", 0], ["containers", 1], ["containers", 4]}
}

test_deprecated_registry if {
	findings := deprecated_registry.deny with input as fixtures.input_of([fixtures.carriers(_spec).Pod.object])
	[f.message | some f in findings] == [`container "old" image "k8s.gcr.io/pause:3.2" comes from the frozen k8s.gcr.io registry; use registry.k8s.io`]
}
