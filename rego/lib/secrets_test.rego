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

test_metadata_clean_only_where_no_value_holds_a_match if {
	every obj in _metadata_objects {
		_clean_as_found(obj)
	}
	not secrets.metadata_clean(_metadata_objects)
	secrets.metadata_clean([_metadata_objects[0], _metadata_objects[3], _metadata_objects[6]])
	secrets.metadata_clean([])
}

_clean_as_found(obj) if {
	secrets.metadata_clean([obj])
	count(secrets.metadata_values(obj)) == 0
}

_clean_as_found(obj) if {
	not secrets.metadata_clean([obj])
	count(secrets.metadata_values(obj)) > 0
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
