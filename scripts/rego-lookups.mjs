// A Rego lint rule this project needs and Regal does not have: membership in a set rule is
// written as a lookup (`s[x]`), not with `in` (`x in s`).
//
// OPA's Wasm runtime runs `x in s` as the built-in internal.member_2, which iterates the whole
// collection and compares each member; `s[x]` is one hash probe. Against a set the scan fills
// (a multi-value rule, `s contains x if ...`, or a set comprehension), `in` inside a loop
// makes a package quadratic in the scan: EKS-DATA-013 took 1.1 s at 44,830 documents with
// `in` and 0.28 s with lookups (docs/performance.md). Iterating (`some x in s`) is not
// affected, nor is `in` against a literal set or an array.
//
// Reads the AST of `opa parse --format json` for each policy file; a rule is resolved by name
// in its own package or through an import of another package of the policies.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Names of a ref's leading var and strings: data.eks.lib.k8s -> ['data', 'eks', 'lib', 'k8s']. */
function refPath(ref) {
  const out = [];
  for (const t of ref) {
    if (t.type !== 'var' && t.type !== 'string') break;
    out.push(t.value);
  }
  return out;
}

/** A rule's head defines a set: a multi-value rule or a set comprehension. */
function isSetRule(head) {
  return (head.key !== undefined && head.value === undefined) || head.value?.type === 'setcomprehension';
}

/** The membership tests (not `some x in s`) of a module: [collection term, location]. */
function memberships(module) {
  const found = [];
  const visit = (node) => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (node === null || typeof node !== 'object') return;
    const terms = node.type === 'call' ? node.value : Array.isArray(node.terms) ? node.terms : undefined;
    const op = terms?.[0];
    if (op?.type === 'ref' && refPath(op.value).join('.') === 'internal.member_2') found.push({ coll: terms[2], location: node.location ?? terms[2]?.location });
    for (const [k, v] of Object.entries(node)) if (k !== 'symbols') visit(v); // `some x in s` iterates
    return undefined;
  };
  visit(module.rules);
  return found;
}

/**
 * The `x in s` tests against set rules in the given modules ({ file, module }, each module the
 * AST `opa parse --format json --json-include locations` prints): `file:line: message` each.
 */
export function findInOnSets(modules) {
  const sets = new Set(); // 'data.eks.lib.k8s.pods'
  for (const { module } of modules) {
    const pkg = refPath(module.package.path).join('.');
    for (const r of module.rules ?? []) if (isSetRule(r.head)) sets.add(`${pkg}.${r.head.name}`);
  }
  const problems = [];
  for (const { file, module } of modules) {
    const pkg = refPath(module.package.path).join('.');
    const aliases = new Map();
    for (const i of module.imports ?? []) {
      const p = refPath(i.path.value);
      aliases.set(i.alias ?? p[p.length - 1], p.join('.'));
    }
    for (const { coll, location } of memberships(module)) {
      let name;
      if (coll?.type === 'var') name = `${pkg}.${coll.value}`;
      else if (coll?.type === 'ref') {
        const [head, ...rest] = refPath(coll.value);
        if (rest.length === 1 && aliases.has(head)) name = `${aliases.get(head)}.${rest[0]}`;
      }
      if (name !== undefined && sets.has(name)) {
        const rule = name.slice(name.lastIndexOf('.') + 1);
        const shown = coll.type === 'var' ? rule : refPath(coll.value).join('.');
        problems.push(`${file}:${location?.row ?? 0}: \`x in ${shown}\` iterates the whole set in OPA's Wasm runtime; write the lookup \`${shown}[x]\` (\`not ${shown}[x]\` for \`not x in ${shown}\`)`);
      }
    }
  }
  return problems;
}

/** The policy files (tests excluded) under `dir`. */
function policyFiles(dir) {
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.rego') && !e.name.endsWith('_test.rego'))
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
}

/** Parses every policy file under `dir` with `opa` (two at a time) and returns findInOnSets. */
export async function checkLookups(opa, dir) {
  const files = policyFiles(dir);
  const modules = new Array(files.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < files.length; i = next++) {
      const { stdout } = await run(opa, ['parse', '--format', 'json', '--json-include', 'locations', files[i]], { maxBuffer: 1 << 28 });
      modules[i] = { file: files[i], module: JSON.parse(stdout) };
    }
  };
  await Promise.all([worker(), worker()]);
  return findInOnSets(modules);
}
