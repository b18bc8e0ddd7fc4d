# METADATA
# title: Container images
# description: >-
#   Image references parsed as `[registry/]repository[:tag][@digest]` (rules.md §2.10): the
#   registry is the first path component when it contains `.` or `:` or is `localhost`;
#   otherwise the image is on Docker Hub (`docker.io`).
package eks.lib.images

import data.eks.lib.k8s

_first_is_registry(first) if contains(first, ".")

_first_is_registry(first) if contains(first, ":")

_first_is_registry("localhost")

_docker_hub := {"docker.io", "index.docker.io", "registry-1.docker.io"}

# METADATA
# title: Parse an image reference
# description: >-
#   {"registry", "repository", "tag", "digest"} of an image string; tag and digest are ""
#   when absent, registry is "docker.io" for Docker Hub images (also when written
#   `index.docker.io`).
parse(image) := {"registry": registry, "repository": repository, "tag": tag, "digest": digest} if {
	is_string(image)
	at := split(image, "@")
	name := at[0]
	digest := _digest(at)
	parts := split(name, "/")
	registry := _registry(parts)
	rest := _rest(parts)
	tagged := _tag_split(rest)
	repository := tagged[0]
	tag := tagged[1]
}

_digest(at) := at[1] if count(at) > 1

else := ""

_registry(parts) := "docker.io" if {
	count(parts) > 1
	lower(parts[0]) in _docker_hub
} else := lower(parts[0]) if {
	count(parts) > 1
	_first_is_registry(parts[0])
} else := "docker.io"

_rest(parts) := concat("/", array.slice(parts, 1, count(parts))) if {
	count(parts) > 1
	_first_is_registry(parts[0])
} else := concat("/", parts)

# The tag is what follows the last ":" of the last path component.
_tag_split(rest) := [rest, ""] if not contains(_last(rest), ":")

_tag_split(rest) := [substring(rest, 0, i), substring(rest, i + 1, -1)] if {
	contains(_last(rest), ":")
	i := _last_colon(rest)
}

_last(s) := p[count(p) - 1] if p := split(s, "/")

_last_colon(s) := (count(s) - count(parts[count(parts) - 1])) - 1 if parts := split(s, ":")

# METADATA
# title: Images of every container
# description: >-
#   One entry per container of every pod carrier whose `image` is a non-empty string: the
#   pod, the container entry (lib/k8s.rego), the image, its parse and the path of `image`.
containers := [c |
	some pod in k8s.pods
	some container in k8s.containers(pod)
	image := container.container.image
	_named(image)
	c := {
		"pod": pod, "container": container, "image": image, "ref": refs[image],
		"path": array.concat(container.path, ["image"]),
	}
]

_named(image) if {
	is_string(image)
	trim_space(image) != ""
}

# METADATA
# title: Parsed image references
# description: >-
#   parse(image) of each distinct image of the scan's containers, keyed by the image. Read
#   from the shared value the engine computes once per scan (lib/shared.rego) when there is
#   one: a scan names a few hundred images in thousands of containers, and five packages
#   read them.
refs := input.shared.image_refs if {
	is_object(input.shared.image_refs)
} else := computed_refs

# METADATA
# title: Parsed image references, computed
# description: parse(image) of each distinct image of the scan's containers, keyed by the image.
computed_refs := {image: parse(image) | some image in _images}

# Each image once: thousands of containers name a few hundred images.
_images contains image if {
	some pod in k8s.pods
	some container in k8s.containers(pod)
	image := container.container.image
	_named(image)
}

# METADATA
# title: Pinned by digest
# description: True when the reference carries a sha256 digest of 64 hex characters.
pinned(ref) if regex.match(`^sha256:[a-f0-9]{64}$`, ref.digest)
