package eks.lib.secrets_test

import data.eks.lib.secrets

test_longer_than_counts_characters_not_bytes if {
	secrets._longer_than("abcde", 4)
	not secrets._longer_than("abcd", 4)
	not secrets._longer_than("", 0)
	secrets._longer_than("a", 0)
	secrets._longer_than("é€😀ab", 4)
	not secrets._longer_than("é€😀a", 4)
}

test_patterns_and_assignments_still_run_on_long_texts if {
	long := concat("\n", [concat("", ["line ", format_int(i, 10)]) | some i in numbers.range(1, 2000)])
	text := concat("\n", [long, "aws_access_key_id = AKIAQWERTYUIOPASDFGH", "password=Xy7pQ2rT9wLm"])
	kinds := {m.kind | some m in secrets.high_confidence(text)}
	kinds["aws-access-key-id"]
	keys := {a.key | some a in secrets.assignments(text)}
	keys.password
}

test_short_strings_are_left_alone if {
	count(secrets.high_confidence("AKIA")) == 0
	count(secrets.assignments("pw=1")) == 0
}

# Each gate is its pattern with the counted repetitions relaxed, and has none left: RE2 compiles
# a repetition {n,m} into n to m copies of what it repeats (lib/secrets.rego, `_any`).
test_each_gate_is_its_pattern_relaxed if {
	every kind, p in secrets.patterns {
		p.gate == regex.replace(regex.replace(p.re, `\{0,[0-9]*\}`, "*"), `\{[0-9]+(,[0-9]*)?\}`, "+")
		not regex.match(`\{[0-9]`, p.gate)
		kind != ""
	}
}

# Texts a gate matches and its pattern does not (the repetition too short or too long), and
# texts both match. The uses of `_any` must give, for the first, what they give where it
# does not match: no high-confidence match, only the assignments.
_gate_only := [
	"AKIAQWERTY",
	"ghp_short",
	"github_pat_short",
	"glpat-short",
	"xoxb-short",
	"eyJa.eyJb.c",
	"token: short",
	"password:abc",
	"aws_secret_access_key=shortvalue",
	"aws_session_token=short",
	`"auths": {"r": {"auth": "abc"}}`,
	"https://hooks.slack.com/services/T1/B2/x",
	"-----BEGIN THIS HEADER RUNS LONGER THAN A HUNDRED CHARACTERS OF CAPITALS AND SPACES AND DIGITS 0123456789 0123456789 0123456789 PRIVATE KEY-----",
	concat("", ["redis://", concat("", ["u" | some _ in numbers.range(1, 300)]), ":pw@h"]),
]

_both_match := [
	"AKIAQWERTYUIOPASDFGH",
	"ghp_abcdefghijklmnopqrstuvwxyz0123456789",
	"token: abcdefghijklmnop",
	"postgres://app:Xy7pQ2rT9wLm@db:5432/app",
	"-----BEGIN RSA PRIVATE KEY-----",
]

test_a_gate_matches_wherever_its_pattern_does if {
	every t in array.concat(_gate_only, _both_match) {
		every p in secrets.patterns {
			_implies(regex.match(p.re, t), regex.match(p.gate, t))
		}
	}
	every t in _both_match {
		count(secrets.high_confidence(t)) > 0
	}
}

_implies(false, _)

_implies(true, true)

test_what_only_a_gate_matches_finds_nothing if {
	every t in _gate_only {
		regex.match(secrets._any, t)
		not _some_pattern_matches(t)
		count(secrets.high_confidence(t)) == 0
		secrets.in_text(t) == secrets._in_text(t, set())
		secrets._named_text("VALUE", t) == secrets._in_text(t, set())
		count(secrets.metadata_values({"metadata": {"annotations": {"a": t}}})) == 0
		not secrets.metadata_clean([{"metadata": {"annotations": {"a": t}}}])
	}
}

_some_pattern_matches(t) if {
	some p in secrets.patterns
	regex.match(p.re, t)
}

# _named_text searches the pattern alternation once, over `name=v`, a line break and v; it must
# give what in_text(v) | _anchored(name, v) gives, whatever the patterns' anchors read.
_named_cases := [
	["PORT", "8080"],
	["DB_URL", "postgres://app:Xy7pQ2rT9wLm@db:5432/app"],
	["AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKZ"],
	["AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYqWeRtYuIoP"],
	["aws_session_token", concat("", ["A" | some _ in numbers.range(1, 120)])],
	["KUBECONFIG", "token: abcdefghijklmnop"],
	["KUBECONFIG", "  password: hunter2hunter2"],
	["ghp_abcdefghijklmnopqrstuvwxyz0123456789", "x"],
	["GITHUB", "ghp_abcdefghijklmnopqrstuvwxyz0123456789"],
	["GITHUB", "ghp_abcdefghijklmnopqrstuvwxyz0123456789x"],
	["KEY", "AKIAQWERTYUIOPASDFGHJ"],
	["KEY", "AKIAQWERTYUIOPASDFGH"],
	["AKIAQWERTYUIOPASDFGH", ""],
	["token", "abcdefghij"],
	["SLACK", "xoxb-1234567890-abc"],
	["JWT", "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U"],
	["PASSWORD", "password=Xy7pQ2rT9wLm"],
	["client-key-data", "LS0tLS1CRUdJTiBSU0EgUFJJVkFURSBLRVktLS0tLQ"],
	["CONFIG", "client-key-data:LS0tLS1CRUdJTiBSU0E"],
	["NOTE", "see https://example.com/docs"],
	[7, "ghp_abcdefghijklmnopqrstuvwxyz0123456789"],
	[7, "plain"],
	["NAME", 7],
	["NAME", ""],
]

test_named_text_is_in_text_and_anchored if {
	every c in _named_cases {
		secrets._named_text(c[0], c[1]) == secrets.in_text(c[1]) | secrets._anchored(c[0], c[1])
	}
	some c in _named_cases
	count(secrets._named_text(c[0], c[1])) > 0
}

test_named_text_finds_what_spans_the_name if {
	hits := secrets._named_text("AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYqWeRtYuIoP")
	{h.what | some h in hits} == {"an AWS secret access key"}
	count(secrets.in_text("wJalrXUtnFEMI/K7MDENG/bPxRfiCYqWeRtYuIoP")) == 0
}

test_named_text_finds_what_the_value_starts_a_line_with if {
	hits := secrets._named_text("KUBECONFIG", "token: abcdefghijklmnop")
	{h.what | some h in hits} == {"kubeconfig credentials"}
	count(secrets._anchored("KUBECONFIG", "token: abcdefghijklmnop")) == 0
}

_metadata_objects := [
	{"metadata": {"labels": {"app": "web", "tier": "front"}}},
	{"metadata": {"annotations": {"a": "ghp_abcdefghijklmnopqrstuvwxyz0123456789", "b": "plain"}}},
	{"metadata": {"annotations": {"a": "plain", "b": "ghp_abcdefghijklmnopqrstuvwxyz0123456789"}}},
	{"metadata": {"annotations": {"a": "ghp_abcdefghijklmnopqrstuvwxyz0123456789x"}}},
	{"metadata": {"annotations": {"cfg": "token: abcdefghijklmnop", "x": "y"}, "labels": {"k": "AKIAQWERTYUIOPASDFGH"}}},
	{"metadata": {"annotations": {"note": "line one\n  password: hunter2hunter2\n"}}},
	{"metadata": {"annotations": {
		"kubectl.kubernetes.io/last-applied-configuration": "{\"token\": \"ghp_abcdefghijklmnopqrstuvwxyz0123456789\"}",
		"n": 7,
	}}},
	{"metadata": {}},
	{},
]

test_metadata_values_search_once_as_each_value_alone if {
	every obj in _metadata_objects {
		secrets.metadata_values(obj) == secrets._metadata_found(secrets._metadata_entries(obj))
	}
	found := [count(secrets.metadata_values(obj)) | some obj in _metadata_objects]
	found == [0, 1, 1, 0, 2, 1, 0, 0, 0]
}

test_metadata_clean_only_where_no_value_can_hold_a_match if {
	every obj in _metadata_objects {
		_clean_as_found(obj)
	}
	not secrets.metadata_clean(_metadata_objects)
	secrets.metadata_clean([_metadata_objects[0], _metadata_objects[6]])
	secrets.metadata_clean([])

	# A value only a gate matches (ghp_ and 37 characters): not clean, and nothing found.
	not secrets.metadata_clean([_metadata_objects[3]])
	count(secrets.metadata_values(_metadata_objects[3])) == 0
}

# Clean: nothing to find. Not clean: something found, or a value only a gate matches.
_clean_as_found(obj) if {
	secrets.metadata_clean([obj])
	count(secrets.metadata_values(obj)) == 0
}

_clean_as_found(obj) if {
	not secrets.metadata_clean([obj])
	count(secrets.metadata_values(obj)) > 0
}

_clean_as_found(obj) if {
	not secrets.metadata_clean([obj])
	count(secrets.metadata_values(obj)) == 0
	regex.match(secrets._any, concat("\n", [e[2] | some e in secrets._metadata_entries(obj)]))
	not _some_pattern_matches(concat("\n", [e[2] | some e in secrets._metadata_entries(obj)]))
}

_containers := [
	{"name": "clean", "env": [{"name": "PORT", "value": "8080"}], "args": ["--port", "8080", "serve"]},
	{"name": "named", "env": [{"name": "DB_PASSWORD", "value": "hunter2hunter2"}, {"name": "MODE", "value": "prod"}]},
	{"name": "spanning", "env": [{"name": "AWS_SECRET_ACCESS_KEY", "value": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYqWeRtYuIoP"}]},
	{"name": "flag", "command": ["app", "--password", "hunter2hunter2"]},
	{"name": "assignment", "args": ["run", "password=Xy7pQ2rT9wLm"]},
	{"name": "line-start", "args": ["x", "token: abcdefghijklmnop"]},
	{"name": "token", "command": ["sh", "-c", "curl -H ghp_abcdefghijklmnopqrstuvwxyz0123456789"]},
	{"name": "probe", "livenessProbe": {"exec": {"command": ["check", "AKIAQWERTYUIOPASDFGH"]}}, "env": "not a list"},
	{"name": "odd", "env": [{"name": 7, "value": "ghp_abcdefghijklmnopqrstuvwxyz0123456789"}, {"value": 3}, "x"], "args": "x"},
	{"name": "empty"},
]

_literals_of(container) := secrets._container_literals({"container": container, "path": ["spec", "containers", 0], "name": container.name})

_literals_searched(container) := secrets._found_literals(
	{"container": container, "path": ["spec", "containers", 0], "name": container.name},
	secrets._env_entries(container), secrets._command_lists(container), true,
)

test_container_literals_search_once_as_each_text_alone if {
	every container in _containers {
		_literals_of(container) == _literals_searched(container)
	}
	[count(_literals_of(c)) | some c in _containers] == [0, 1, 1, 1, 1, 1, 1, 1, 1, 0]
}
