package eks.lib.secrets_test

import data.eks.lib.secrets

test_at_least_counts_characters_not_bytes if {
	secrets._at_least("abcde", 5)
	not secrets._at_least("abcd", 5)
	not secrets._at_least("", 1)
	secrets._at_least("é€😀ab", 5)
	not secrets._at_least("é€😀a", 5)
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
