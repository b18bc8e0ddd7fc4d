# METADATA
# title: Secret detection
# description: >-
#   rules.md §9: high-confidence value patterns (RE2), name-based detection, placeholders and
#   references, and redaction. A detected value is never put in a message: messages show
#   `redact(value)` only, and every finding lists the raw values under `redact` so the gate
#   can scrub them from every output as a last line of defence (docs/input.md).
package eks.lib.secrets

import data.eks.lib.result

import data.eks.lib.k8s

# METADATA
# title: High-confidence patterns
# description: >-
#   rules.md §9.1, RE2 syntax. `group` is the submatch that holds the secret itself (what is
#   redacted and scrubbed); `what` names it in messages. Keep in step with
#   src/report/redact.ts (a test compares the two lists). `gate` is the pattern with its
#   counted repetitions relaxed, {0,m} to * and the others to + (a test checks it): it matches
#   wherever the pattern does, since a part that matches more cannot make the whole match
#   less, and `_any` is made of the gates.
patterns := {
	"aws-access-key-id": {
		"re": `\b((?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16})\b`,
		"group": 1, "what": "an AWS access key ID",
		"gate": `\b((?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA)[A-Z2-7]+)\b`,
	},
	"aws-secret-access-key": {
		"re": `(?i)(aws_?secret_?(access_?)?key|secretaccesskey)["']?\s*[:=]\s*["']?([A-Za-z0-9/+=]{40})\b`,
		"group": 3, "what": "an AWS secret access key",
		"gate": `(?i)(aws_?secret_?(access_?)?key|secretaccesskey)["']?\s*[:=]\s*["']?([A-Za-z0-9/+=]+)\b`,
	},
	"aws-session-token": {
		"re": `(?i)aws_?session_?token["']?\s*[:=]\s*["']?([A-Za-z0-9/+=]{100,})`,
		"group": 1, "what": "an AWS session token",
		"gate": `(?i)aws_?session_?token["']?\s*[:=]\s*["']?([A-Za-z0-9/+=]+)`,
	},
	"private-key": {
		"re": `-----BEGIN[ A-Z0-9_-]{0,100}PRIVATE KEY(?: BLOCK)?-----`,
		"group": 0, "what": "a private key",
		"gate": `-----BEGIN[ A-Z0-9_-]*PRIVATE KEY(?: BLOCK)?-----`,
	},
	"github-token": {
		"re": `\b(?:gh[pousr]_[A-Za-z0-9]{36}|github_pat_[A-Za-z0-9_]{82})\b`,
		"group": 0, "what": "a GitHub token",
		"gate": `\b(?:gh[pousr]_[A-Za-z0-9]+|github_pat_[A-Za-z0-9_]+)\b`,
	},
	"gitlab-pat": {
		"re": `\bglpat-[A-Za-z0-9_-]{20,}\b`,
		"group": 0, "what": "a GitLab personal access token",
		"gate": `\bglpat-[A-Za-z0-9_-]+\b`,
	},
	"slack-token": {
		"re": `\bxox[baprs]-[A-Za-z0-9-]{10,}\b`,
		"group": 0, "what": "a Slack token",
		"gate": `\bxox[baprs]-[A-Za-z0-9-]+\b`,
	},
	"slack-webhook": {
		"re": `https://hooks\.slack\.com/services/T[A-Za-z0-9_]{8,}/B[A-Za-z0-9_]{8,}/[A-Za-z0-9_]{24}`,
		"group": 0, "what": "a Slack webhook URL",
		"gate": `https://hooks\.slack\.com/services/T[A-Za-z0-9_]+/B[A-Za-z0-9_]+/[A-Za-z0-9_]+`,
	},
	"jwt": {
		"re": `\beyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}`,
		"group": 0, "what": "a JSON Web Token",
		"gate": `\beyJ[A-Za-z0-9_-]+\.eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+`,
	},
	"url-with-credentials": {
		"re": `\b[a-z][a-z0-9+.-]*://([^/\s:@"'\\]{1,256}):([^/\s:@"'\\]{1,256})@[^/\s"'\\]+`,
		"group": 2, "what": "a URL with a password",
		"gate": `\b[a-z][a-z0-9+.-]*://([^/\s:@"'\\]+):([^/\s:@"'\\]+)@[^/\s"'\\]+`,
	},
	"dockerconfig-auth": {
		"re": `"auths"\s*:\s*\{[^}]*"auth"\s*:\s*"([A-Za-z0-9+/=]{8,})"`,
		"group": 1, "what": "registry credentials (dockerconfig auth)",
		"gate": `"auths"\s*:\s*\{[^}]*"auth"\s*:\s*"([A-Za-z0-9+/=]+)"`,
	},
	"gcp-sa-key": {
		"re": `"type"\s*:\s*"service_account"[\s\S]*?"private_key"`,
		"group": 0, "what": "a Google Cloud service account key",
		"gate": `"type"\s*:\s*"service_account"[\s\S]*?"private_key"`,
	},
	"kubeconfig-creds": {
		"re": `(?m)^\s*(client-key-data|token|password)[ \t]*:[ \t]*([^\s"'\\]{8,})`,
		"group": 2, "what": "kubeconfig credentials",
		"gate": `(?m)^\s*(client-key-data|token|password)[ \t]*:[ \t]*([^\s"'\\]+)`,
	},
}

# One RE2 alternation of every pattern's gate: a single regex call rules out most strings, and
# where it matches, the patterns themselves decide. Of the gates, not the patterns: RE2 writes a
# repetition {n,m} as n to m copies of what it repeats, and the alternation of the patterns
# compiled to a program of 2.3 MB, once in every package that looks for secrets (a package's
# evaluation starts from a fresh heap, and with it a fresh cache of compiled expressions). On a
# small repository that was half of the whole evaluation (the credential package's heap there:
# 2.5 MB with the patterns, 0.2 MB with the gates). Where a gate matches and its pattern does
# not, the patterns find nothing, which is what each use of `_any` gives where it does not match
# (lib/secrets_test.rego checks both).
_any := concat("|", [sprintf("(?:%s)", [p.gate]) | some p in patterns])

# No pattern can match fewer characters than this (`a://b:c@d`).
_min_length := 9

# Computed once per evaluation: OPA's Wasm runtime subtracts in decimal arithmetic, a tenth of
# the credential scan's time when it was done at every call.
_below_min_length := _min_length - 1

# Documentation values that are not secrets (gitleaks allow-list: AWS's own examples).
_allowed(kind, v) if {
	startswith(kind, "aws-")
	contains(v, "EXAMPLE")
}

_allowed(_, v) if placeholder(v)

# A kubeconfig-style `token: /path/to/file` names a file.
_allowed("kubeconfig-creds", v) if inert(v)

# METADATA
# title: High-confidence matches
# description: >-
#   The §9.1 matches in a string: a set of {"kind", "what", "value"}, where value is the
#   secret part of the match. Placeholders, references and documentation examples are left out.
high_confidence(s) := {m |
	is_string(s)
	_longer_than(s, _below_min_length)
	regex.match(_any, s)
	some kind, p in patterns
	some groups in regex.find_all_string_submatch_n(p.re, s, 20)
	v := groups[p.group]
	v != ""
	not _allowed(kind, v)
	m := {"kind": kind, "what": p.what, "value": v}
}

# METADATA
# title: Redacted form
# description: >-
#   What a message may show of a secret value: its first characters and its length. The first
#   4 characters for values of 16 characters or more, fewer for shorter values (a quarter of
#   them), so a short password is never mostly revealed.
redact(v) := sprintf(`"%s***" (%d chars)`, [_printable(substring(v, 0, _shown(count(v)))), count(v)])

_shown(n) := 4 if n >= 16

else := floor(n / 4)

_printable(s) := replace(replace(replace(replace(s, "\n", " "), "\r", " "), "\t", " "), `"`, "'")

_inert_words := {
	"", "true", "false", "yes", "no", "on", "off", "y", "n", "null", "nil", "none", "~", "-", "*",
	"enabled", "disabled", "changeme", "change-me", "change_me", "changeit", "replaceme", "replace-me",
	"todo", "tbd", "redacted", "secret", "password", "token", "example", "dummy",
	# nsswitch.conf sources (`passwd: compat files`)
	"compat", "files",
}

# METADATA
# title: Placeholder
# description: >-
#   A value that stands for a secret without being one: empty, `changeme` and friends,
#   `<...>`, a template (`${...}`, `{{...}}`, `$(VAR)`, `$VAR`, `%s`) or a mask (`****`).
placeholder(v) if not is_string(v)

placeholder(v) if lower(trim_space(v)) in _inert_words

placeholder(v) if regex.match(`^\s*<[^>]*>\s*$`, v)

placeholder(v) if contains(v, "${")

placeholder(v) if contains(v, "$(")

placeholder(v) if contains(v, "{{")

placeholder(v) if regex.match(`^\$[A-Za-z_][A-Za-z0-9_]*$`, v)

placeholder(v) if regex.match(`^%[A-Za-z_(][A-Za-z0-9_)]*%?s?$`, v)

placeholder(v) if regex.match(`^([xX]+|\*+|\.+|#+|_+)$`, v)

# METADATA
# title: Inert value
# description: >-
#   A value that is not a secret even under a sensitive name: a placeholder, a reference (a
#   Secrets Manager or SSM Parameter ARN, a file path, a URL without credentials), a boolean,
#   or a short number. (A value equal to its own name, `HF_TOKEN=HF_TOKEN`, is a placeholder
#   too: see _named_literal.)
inert(v) if placeholder(v)

inert(v) if regex.match(`^arn:aws[a-z-]*:(secretsmanager|ssm):`, v)

inert(v) if regex.match(`^(/[^\s/]+)+/?$`, v)

inert(v) if regex.match(`^[a-z][a-z0-9+.-]*://[^@\s]*$`, v)

inert(v) if regex.match(`^[0-9]{1,5}$`, v)

# METADATA
# title: Sensitive name
# description: >-
#   rules.md §9.2: an env var name or ConfigMap key that names a secret (`DB_PASSWORD`,
#   `clientSecret`, `api-key`, `db.password`), unless it ends with a word that makes it a
#   reference to one (`PASSWORD_FILE`, `TOKEN_URL`, `SECRET_NAME`, `AUTH_ENABLED`).
sensitive_name(n) if {
	is_string(n)
	_sensitive_words(n)
	not regex.match(_qualifier, n)
}

_sensitive_words(n) if regex.match(`(?i)(^|[_.-])(pass(word|wd|phrase)?|passwrd|pword|pwd|pswrd|secret|secret_?key|client_?secret|app_?secret|token|api_?key|access_?key|private_?key|credentials?|auth)($|[_.-])`, n)

# camelCase: dbPassword, githubToken, awsSecretKey
_sensitive_words(n) if regex.match(`[a-z0-9](Password|Passwd|Passphrase|Pwd|Secret|SecretKey|Token|ApiKey|AccessKey|PrivateKey|Credentials?)($|[A-Z_.-])`, n)

_qualifier := `(?i)([_.-]|[a-z])(file|files|path|url|uri|name|names|enabled|enable|disabled|type|ttl|header|endpoint|audience|issuer|mode|dir|ref|length|expiry|expiration|expires|timeout|duration|seconds|secs|lifetime|size|format|method|provider|location|host|port|server|mount|policy|version|required|role|scope|field|namespace|store|backend|algorithm|user|username|id|keyid|count|limit|interval|period|prefix|suffix|template|selector|label|source|refresh|rotation|env|key_?name|secret_?name)$`

# METADATA
# title: File-like key
# description: >-
#   A ConfigMap key that names a file (`app.properties`, `nginx.conf`): its value is a file
#   whose content is scanned, not a value judged by the key's name.
file_key(k) if regex.match(`(?i)\.(conf|cfg|cnf|ini|json|ya?ml|toml|xml|properties|props|txt|sh|bash|py|rb|lua|js|ts|tpl|tmpl|template|html?|css|env|pem|crt|cer|key|cert|csr|jks|p12|pfx|rules|sql|md|list|lst|policy|hcl|tf|j2|cfg|config|conf\.d|lock)$`, k)

# Key/value assignments inside text (config files, scripts, JVM options): rules.md §9.2,
# with the key family widened to the §9.2 names and quotes allowed around the key. The
# value cannot cross a line.
_kv := `(?i)(?:^|[^a-z0-9:])(password|passwd|passphrase|pwd|secret|secret_?key|token|auth_?token|api_?key|access_?key|aws_access_key_id|aws_secret_access_key|client_?secret|app_?secret)["']?[ \t]*[=:][ \t]*["']?([^\s"',;}\]{)]+)`

# METADATA
# title: Assignments
# description: >-
#   `password=...`, `"token": "..."`, `secret_key = ...` inside a text, with a value that is
#   not inert: a set of {"key", "value"}.
assignments(s) := {m |
	is_string(s)
	_longer_than(s, 4) # at least 5 characters
	some groups in regex.find_all_string_submatch_n(_kv, s, 50)
	v := groups[2]
	not inert(v)
	not _code(v)
	m := {"key": groups[1], "value": v}
}

# Whether a string has more than n characters: substring reads up to the (n+1)-th character,
# where count reads them all (OPA's Wasm runtime counts a string's characters one by one, and
# ConfigMap values hold whole files).
_longer_than(s, n) if substring(s, n, 1) != ""

# Program text, not a literal: `token=os.environ["HF_TOKEN"]`, `password = get_password()`,
# `secret: self.secret`.
_code(v) if regex.match(`^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*[\[(]`, v)

_code(v) if regex.match(`^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)+$`, v)

# Flags whose next argument is a secret: ["--password", "hunter2"].
_flag_re := `(?i)^--?(password|passwd|pass|pwd|secret|secret-key|token|auth-token|api-key|access-key|client-secret|app-secret)$`

_severity_rank := {"critical": 0, "high": 1}

# METADATA
# title: Secrets in a text
# description: >-
#   Everything §9 finds in a string: high-confidence matches (critical) and assignments to a
#   sensitive key (high). A set of {"severity", "what", "value"}.
in_text(s) := _in_text(s, high_confidence(s))

_in_text(s, found) := {h |
	some m in found
	h := {"severity": "critical", "what": m.what, "value": m.value}
} | {h |
	some a in assignments(s)
	not _covered(found, a.value)
	h := {"severity": "high", "what": sprintf(`a literal "%s" assignment`, [_printable(a.key)]), "value": a.value}
}

# An assignment whose value a high-confidence match already reports.
_covered(found, v) if {
	some m in found
	contains(v, m.value)
}

# A value under a sensitive name (env var, ConfigMap key): what the text itself holds (also
# as `NAME=value`, so `AWS_SECRET_ACCESS_KEY` anchors its pattern), else the whole value
# (high) when it is a non-inert literal.
_named(name, v) := _named_hits(name, v, _named_text(name, v))

# in_text(v) | _anchored(name, v), with one search of the pattern alternation where it took
# two: the text G = `name=v` + line break + v holds a match of `_any` when either `name=v` or
# v does. A match in a part of G is a match in G, since the patterns look past their match
# only through \b and (?m)^, and those read the line break beside each part as they read the
# start or end of the part alone. So where G holds none, neither does: only v's assignments
# are left (lib/secrets_test.rego checks the two ways agree).
_named_text(name, v) := in_text(v) | _anchored(name, v) if {
	is_string(v)
	regex.match(_any, _both(name, v))
} else := _in_text(v, set())

_both(name, v) := concat("", [name, "=", v, "\n", v]) if is_string(name)

else := v

_anchored(name, v) := {h |
	is_string(name)
	is_string(v)
	some m in high_confidence(concat("=", [name, v]))
	h := {"severity": "critical", "what": m.what, "value": m.value}
}

# One chain, so that _named_literal runs once: OPA's Wasm target does not remember a
# function's result.
_named_hits(name, v, hits) := hits if {
	count(hits) > 0
} else := {h} if {
	_named_literal(name, v)
	h := {"severity": "high", "what": "a literal value under a sensitive name", "value": v}
} else := set()

_named_literal(name, v) if {
	sensitive_name(name)
	is_string(v)
	not inert(v)
	lower(v) != lower(name)
}

# METADATA
# title: Most severe
# description: >-
#   Summarises the hits at one location for a message: the most severe (ties broken by
#   description), how many more there are, and every value (for `redact`).
summary(hits) := {
	"severity": first[0],
	"what": first[1],
	"shown": redact(first[2]),
	"more": count(ordered) - 1,
	"values": sort({h.value | some h in hits}),
} if {
	ordered := sort([[_severity_rank[h.severity], h.what, h.value] | some h in hits])
	top := ordered[0]
	first := [["critical", "high"][top[0]], top[1], top[2]]
}

# METADATA
# title: Message text of a summary
# description: '`<what> (<redacted>)`, plus "and N more" when the location holds several.'
describe(s) := sprintf("%s %s", [s.what, s.shown]) if s.more == 0

else := sprintf("%s %s and %d more", [s.what, s.shown, s.more])

# METADATA
# title: Finding with redaction
# description: >-
#   A finding of `rule` on `doc` at `path` for a summary (see `summary`): severity from the
#   summary, and the raw values under `redact`. `embedded` is a path inside the YAML/JSON
#   text held by the string at `path` (or [] when the path itself is the location).
finding(rule, doc, path, embedded, message, s) := f if {
	count(embedded) == 0
	f := {"rule": rule, "doc": doc.id, "path": path, "message": message, "severity": s.severity, "redact": s.values}
}

finding(rule, doc, path, embedded, message, s) := f if {
	count(embedded) > 0
	f := {
		"rule": rule, "doc": doc.id, "path": path, "embedded": embedded,
		"message": message, "severity": s.severity, "redact": s.values,
	}
}

_decoded(v) := t if {
	is_string(v)
	base64.is_valid(v)
	t := base64.decode(v)
	is_text(t)
}

# METADATA
# title: Is text
# description: >-
#   Whether a string is valid UTF-8. base64.decode returns whatever bytes were encoded (a
#   keystore, gzip-compressed user data): OPA's Wasm string built-ins (trim_space, lower, ...)
#   fail on invalid UTF-8, so decoded values pass this test before any of them sees it. Under
#   Wasm a regular expression matches only valid UTF-8; OPA's Go evaluator reads invalid bytes
#   as U+FFFD and its built-ins accept them, so there the test passes and nothing fails either.
is_text(s) if regex.match(`^[\x{0000}-\x{10FFFF}]*$`, s)

# ---------------------------------------------------------------------------------------
# Object scanners: the §9.3 locations of one Kubernetes object. Each returns a set of
# {"path", "where", "summary"} with paths relative to the object, so the same logic serves
# documents (DATA-007/009/010) and objects embedded in annotations (DATA-011).
# ---------------------------------------------------------------------------------------

# METADATA
# title: Secret manifest data
# description: >-
#   DATA-007: every non-empty `data` (base64, decoded before matching) and `stringData` value
#   of a Secret. Always a finding (high); critical when the value matches a §9.1 pattern.
secret_data(obj) := {r |
	some field in ["data", "stringData"]
	entries := object.get(obj, field, {})
	is_object(entries)
	some key, v in entries
	is_string(v)
	trim_space(v) != ""
	plain := _plain(field, v)
	s := summary(_committed(in_text(plain) | in_text(v), plain))
	r := {
		"path": [field, key], "where": sprintf(`%s key "%s"`, [field, key]),
		"summary": object.union(s, {"values": sort({x | some x in s.values} | {v})}),
	}
}

_plain(field, v) := d if {
	field == "data"
	d := _decoded(v)
} else := v

# A committed value is a finding even when no pattern matches it.
_committed(found, _) := found if count(found) > 0

_committed(found, plain) := {{"severity": "high", "what": "a committed secret value", "value": plain}} if count(found) == 0

# METADATA
# title: ConfigMap data
# description: >-
#   DATA-010: ConfigMap `data` values (text scanned; the key judged by name unless it names a
#   file or the value is multi-line) and `binaryData` values (base64-decoded first).
configmap_data(obj) := {r |
	entries := object.get(obj, "data", {})
	is_object(entries)
	some key, v in entries
	is_string(v)
	hits := _configmap_hits(key, v)
	count(hits) > 0
	r := {"path": ["data", key], "where": sprintf(`key "%s"`, [key]), "summary": summary(hits)}
} | {r |
	entries := object.get(obj, "binaryData", {})
	is_object(entries)
	some key, v in entries
	plain := _decoded(v)
	hits := in_text(plain)
	count(hits) > 0
	r := {"path": ["binaryData", key], "where": sprintf(`binaryData key "%s"`, [key]), "summary": summary(hits)}
}

_configmap_hits(key, v) := in_text(v) if {
	_file_like(key, v)
} else := _named(key, v)

_file_like(key, _) if file_key(key)

_file_like(_, v) if contains(v, "\n")

# METADATA
# title: Pod spec literals
# description: >-
#   DATA-009: in every container of a pod carrier object, literal `env[].value` (by name and
#   content), `command`, `args`, lifecycle and probe `exec.command` items (content, and the
#   argument after a secret flag such as `--password`).
pod_literals(obj) := {r |
	is_string(obj.apiVersion)
	is_string(obj.kind)
	paths := k8s.carrier_paths(obj.apiVersion, obj.kind)
	spec := object.get(obj, paths.spec, null)
	is_object(spec)
	some c in k8s.containers({"spec": spec, "spec_path": paths.spec})
	some r in _container_literals(c)
}

_container_literals(c) := _literals(c, _env_entries(c.container), _command_lists(c.container))

_literals(c, envs, lists) := _found_literals(c, envs, lists, _may_hold(concat("\n", array.concat(
	[_both(e[1], e[2]) | some e in envs],
	[arg | some list in lists; is_array(list); some arg in list; is_string(arg)],
))))

# [index, name, value] of each env entry whose value is a string.
_env_entries(container) := [[i, name, v] |
	env := object.get(container, "env", [])
	is_array(env)
	some i, e in env
	is_object(e)
	name := object.get(e, "name", "")
	v := object.get(e, "value", null)
	is_string(v)
]

# Whether any text of a container can hold a §9.1 match or an assignment: one search of each
# over all of them, a line break between them, where each value and argument had its own (exact
# for the reason given at _named_text; `_kv` reads the start of a text, (?:^|[^a-z0-9:]), as it
# reads a line break). Where neither finds one, only names and flags are judged.
_may_hold(text) if {
	regex.match(_any, text)
} else if {
	regex.match(_kv, text)
} else := false

_found_literals(c, envs, lists, may) := {r |
	some [i, name, v] in envs
	hits := _named_if(name, v, may)
	count(hits) > 0
	r := {
		"path": array.concat(c.path, ["env", i, "value"]),
		"where": sprintf(`container "%s" env %s`, [c.name, _printable(result.show(name))]),
		"summary": summary(hits),
	}
} | {r |
	some field, list in lists
	is_array(list)
	some i, arg in list
	is_string(arg)
	hits := _text_if(arg, may) | _flag_value(list, i)
	count(hits) > 0
	r := {
		"path": array.concat(c.path, array.concat(field, [i])),
		"where": sprintf(`container "%s" %s[%d]`, [c.name, concat(".", field), i]),
		"summary": summary(hits),
	}
}

_named_if(name, v, true) := _named(name, v)

_named_if(name, v, false) := _named_hits(name, v, set())

_text_if(s, true) := in_text(s)

_text_if(_, false) := set()

_flag_value(list, i) := {h |
	i > 0
	flag := list[i - 1]
	is_string(flag)
	regex.match(_flag_re, flag)
	v := list[i]
	not inert(v)
	h := {"severity": "high", "what": sprintf(`a literal value after %s`, [flag]), "value": v}
}

_command_lists(container) := {field: list |
	some field in [
		["command"], ["args"],
		["lifecycle", "postStart", "exec", "command"], ["lifecycle", "preStop", "exec", "command"],
		["livenessProbe", "exec", "command"], ["readinessProbe", "exec", "command"],
		["startupProbe", "exec", "command"],
	]
	list := object.get(container, field, null)
}

# METADATA
# title: Metadata values
# description: >-
#   DATA-011: annotation and label values that match a §9.1 pattern (names are not judged:
#   annotations such as `auth-secret: name` hold references).
metadata_values(obj) := _metadata_hits(_metadata_entries(obj))

# One search of the pattern alternation over all the values, a line break between them, where
# there was one per value; exact for the reason given at _named_text.
_metadata_hits(entries) := _metadata_found(entries) if {
	regex.match(_any, concat("\n", [e[2] | some e in entries]))
} else := set()

_metadata_found(entries) := {r |
	some [field, key, v] in entries
	hits := {h | some m in high_confidence(v); h := {"severity": "critical", "what": m.what, "value": m.value}}
	count(hits) > 0
	r := {"path": ["metadata", field, key], "where": sprintf(`%s "%s"`, [trim_suffix(field, "s"), key]), "summary": summary(hits)}
}

# METADATA
# title: Metadata values all clean
# description: >-
#   True when no label or annotation value of any of `objects` can hold a §9.1 match: one
#   search of `_any` over all of them, a line break between them (for the reason given at
#   _named_text). Most scans hold none, and then no object's values need a search of their own.
#   False is no proof of a match: a gate of `_any` matches more than its pattern.
metadata_clean(objects) if not regex.match(_any, concat("\n", [e[2] | some obj in objects; some e in _metadata_entries(obj)]))

# [field, key, value] of each label and annotation whose value is a string, but the
# last-applied configuration (DATA-011 checks the object it embeds).
_metadata_entries(obj) := [[field, key, v] |
	some field in ["annotations", "labels"]
	entries := object.get(obj, ["metadata", field], {})
	is_object(entries)
	some key, v in entries
	key != "kubectl.kubernetes.io/last-applied-configuration"
	is_string(v)
]

# METADATA
# title: Custom resource leaves
# description: >-
#   The opt-in generic scan (rules.md §9.3, `secrets.scan-custom-resources`): every string
#   leaf of a custom resource, by content and by the name of its key.
custom_resource_leaves(obj) := {r |
	walk(obj, [path, v])
	is_string(v)
	count(path) > 0
	path[0] != "metadata"
	name := path[count(path) - 1]
	hits := _leaf_hits(name, v)
	count(hits) > 0
	r := {"path": path, "where": sprintf("field %s", [_dotted(path)]), "summary": summary(hits)}
}

_leaf_hits(name, v) := _named(name, v) if is_string(name)

else := in_text(v)

_dotted(path) := concat(".", [sprintf("%v", [p]) | some p in path])
