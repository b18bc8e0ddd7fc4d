# METADATA
# title: Values shared by every rule package
# description: >-
#   The engine evaluates each rule package on its own (src/evaluate/engine.ts), so a helper
#   that many packages use would be computed once per package. The helpers below are
#   computed once per scan instead: the engine evaluates `values` first and hands the result
#   to every package as `input.shared`. Each helper reads its shared value when there is one
#   and computes it otherwise (opa test, custom policies), so both give the same answer
#   (__tests__/evaluate/shared.test.ts checks it on the corpus). `values` holds ids and plain
#   values only, never documents, so the shared value stays small; the pod carriers, which
#   hold documents, are handed over by reference (`refs`).
package eks.lib.shared

import data.eks.lib.images
import data.eks.lib.k8s
import data.eks.lib.netpol
import data.eks.lib.pss
import data.eks.lib.tf

# METADATA
# title: Shared values
# description: Every shared value, by the name the helpers read it under.
values := {
	"kinds": kinds,
	"namespaced": namespaced,
	"pss_namespace_profiles": pss.computed_namespace_profiles,
	"pss_profile_policies": pss.computed_profile_policies,
	"pss_profile_first_runs": pss.computed_profile_first_runs,
	"pss_profile_runs": pss.computed_profile_runs,
	"tf_resource_ids": tf.computed_resource_ids,
	"image_refs": images.computed_refs,
}

# METADATA
# title: Shared by reference
# description: >-
#   Values that hold documents (or parts of them), which JSON could only hand over as copies.
#   The engine evaluates `refs` once per scan and adds the object to the loaded data as
#   `input.shared.refs` as it is, inside the Wasm memory (src/evaluate/instance.ts graftRefs):
#   the pod carriers are then built once per scan, not once in every package that inspects
#   pods (a fifth of every such package's time), and before `values`, which then reads them
#   too. Every member is always defined (an empty object at worst). Kept small on purpose: what
#   the evaluation allocates stays in the Wasm memory for the whole scan, and handing the value
#   over hashes it whole, documents and all (the NetworkPolicy coverage indexes and the
#   containers with their images were measured: no faster).
refs := {"pods": k8s.computed_pods}

# METADATA
# title: Kind index
# description: >-
#   The ids of the documents of each kind, in scan order, as of_kind promises. The engine builds
#   it while it serialises the scan (src/evaluate/input.ts kindIndex) and hands it in as
#   `input.shared.kinds`: putting a set of ids in order is an insertion sort in OPA's Wasm
#   runtime, quadratic in the documents of one kind. Computed here when it is absent.
kinds := input.shared.kinds if {
	is_object(input.shared.kinds)
} else := {kind: sort(ids) | some kind, ids in k8s.computed_kinds}

# METADATA
# title: Namespace index
# description: >-
#   The ids of the Kubernetes documents of each namespace, in scan order. Built by the engine
#   while it serialises the scan (src/evaluate/input.ts namespaceIndex) and handed in as
#   `input.shared.namespaced`, for the same reason as the kind index; computed here when absent.
namespaced := input.shared.namespaced if {
	is_object(input.shared.namespaced)
} else := {ns: sort(ids) | some ns, ids in netpol.computed_namespaced_ids}
