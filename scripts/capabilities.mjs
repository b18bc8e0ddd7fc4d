#!/usr/bin/env node
// Writes rego/capabilities.json: OPA's capabilities for the pinned version, cut down to the
// built-ins a policy compiled to WebAssembly can call when run by @open-policy-agent/opa-wasm.
// `opa build --capabilities` then fails at build time on any other built-in, instead of the
// SDK throwing "not implemented" in a user's run.
//
// Sources (platform.md §1.6): the natively compiled built-ins are the `builtinsFunctions` map of
// OPA's internal/compiler/wasm/wasm.go; the JS SDK adds sprintf, regex.split and yaml.*.
// rego.metadata.* calls are rewritten by the compiler into constants, so they cost nothing at
// run time. Deprecated built-ins (re_match, all, any, set_diff) are left out: Rego v1 has none.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const NATIVE = `abs and array.concat array.flatten array.reverse array.slice assign base64.decode
base64.encode base64.is_valid base64url.decode base64url.encode bits.and bits.lsh bits.negate
bits.or bits.rsh bits.xor ceil concat contains count div endswith eq equal floor format_int
glob.match graph.reachable gt gte indexof internal.member_2 internal.member_3
internal.template_string intersection is_array is_boolean is_null is_number is_object is_set
is_string json.filter json.is_valid json.marshal json.remove json.unmarshal lower lt lte max min
minus mul neq net.cidr_contains net.cidr_intersects numbers.range object.filter object.get
object.keys object.remove object.union object.union_n or plus product regex.find_all_string_submatch_n
regex.is_valid regex.match rem replace round sort split startswith strings.replace_n
strings.reverse substring sum to_number trim trim_left trim_prefix trim_right trim_space
trim_suffix type_name union upper walk`.split(/\s+/);
const SDK = ['sprintf', 'regex.split', 'yaml.is_valid', 'yaml.marshal', 'yaml.unmarshal'];
const COMPILE_TIME = ['rego.metadata.chain', 'rego.metadata.rule'];

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const opa = path.join(root, '.tools/bin/opa');
const full = JSON.parse(execFileSync(opa, ['capabilities', '--current'], { encoding: 'utf8' }));
const allowed = new Set([...NATIVE, ...SDK, ...COMPILE_TIME]);
const builtins = full.builtins.filter((b) => allowed.has(b.name));
const missing = [...allowed].filter((n) => !builtins.some((b) => b.name === n));
if (missing.length) {
  console.error(`capabilities: the pinned OPA does not know ${missing.join(', ')}; update scripts/capabilities.mjs`);
  process.exit(1);
}
const out = {
  builtins,
  future_keywords: full.future_keywords,
  features: full.features,
  wasm_abi_versions: [{ version: 1, minor_version: 3 }],
};
fs.writeFileSync(path.join(root, 'rego/capabilities.json'), JSON.stringify(out, null, 2) + '\n');
console.log(`rego/capabilities.json: ${builtins.length} built-ins`);
