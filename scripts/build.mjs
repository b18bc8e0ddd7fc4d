#!/usr/bin/env node
// npm run build: compiles the policies and bundles the code into dist/ (or --out DIR).
//   1. rego/ -> policy.wasm with `opa build -t wasm`, limited to the built-ins the Wasm SDK
//      supports (rego/capabilities.json), so an unsupported built-in fails here.
//      The allocator's size classes are then set in the module (scripts/wasm-heap.mjs), and
//      the entrypoints' functions exported (scripts/wasm-exports.mjs).
//   2. every rule's # METADATA -> catalog.json (`opa inspect -a`), checked for required fields.
//   3. src/bin.ts -> cli.js and src/index.ts -> index.js (launchers: src/isolate.ts), src/cli-main.ts
//      -> cli-main.js and src/action-main.ts -> action-main.js with esbuild, every dependency inlined
//      but undici, which the action loads from undici.cjs when it first calls the GitHub API.
// The output is deterministic: __tests__/dist.test.ts rebuilds and compares it with dist/.
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { VALIDATOR_FILE, validatorSource } from './config-validator.mjs';
import { writeRuleDocs } from './rule-docs.mjs';
import { exportEntrypoints } from './wasm-exports.mjs';
import { withSizeClasses } from './wasm-heap.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const outIdx = args.indexOf('--out');
const out = path.resolve(outIdx >= 0 ? args[outIdx + 1] : path.join(root, 'dist'));
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const opa = path.join(root, '.tools/bin/opa');

// One entrypoint per rule package, generated (see entryModule), plus the coverage report.
const ENTRY_PACKAGE = 'eks.entry';
const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'];
const MODES = ['enforce', 'warn', 'audit'];
const INPUTS = ['k8s', 'tf', 'input'];

function run(cmd, argv, opts = {}) {
  return execFileSync(cmd, argv, { cwd: root, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, ...opts });
}

function fail(message) {
  console.error(`build: ${message}`);
  process.exit(1);
}

function ensureTools() {
  run(path.join(root, 'scripts/install-tools.sh'), [], { stdio: 'inherit' });
}

function regoFiles(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return regoFiles(p);
    return e.name.endsWith('.rego') && !e.name.endsWith('_test.rego') ? [p] : [];
  });
}

/**
 * Each rule package that defines `deny`, with the rule IDs its files name as string literals
 * (`result.new("EKS-PSB-001", ...)`): the rules it can report. A base revision's scan evaluates
 * only the packages of the rules the pull request's scan reported (scan.ts, `rules`), so a
 * package that reports none by literal fails the build. Keys in order; read once per build
 * (the bundle's entrypoints and the catalog both need it).
 */
let ruleIds;
function ruleIdsByPackage() {
  return (ruleIds ??= readRuleIds());
}

function readRuleIds() {
  const ids = {};
  const deny = new Set();
  for (const file of regoFiles(path.join(root, 'rego/rules'))) {
    const text = fs.readFileSync(file, 'utf8');
    const pkgName = /^package (eks\.rules\.[a-z0-9_]+\.[a-z0-9_]+)\s*$/m.exec(text)?.[1];
    if (!pkgName) continue;
    if (/^deny\b/m.test(text)) deny.add(pkgName);
    const code = text.split('\n').filter((l) => !/^\s*#/.test(l)).join('\n');
    for (const [, id] of code.matchAll(/"([A-Z][A-Z0-9]*-[A-Z]+-\d{3})"/g)) (ids[pkgName] ??= new Set()).add(id);
  }
  const out = {};
  const missing = [];
  for (const p of [...deny].sort()) {
    if (!ids[p]?.size) missing.push(p);
    else out[p] = [...ids[p]].sort();
  }
  if (missing.length) fail(`rule packages that name no rule ID as a string literal (write \`result.new("EKS-AREA-NNN", ...)\`): ${missing.join(', ')}`);
  return out;
}

/**
 * The generated entrypoint module. The gate loads the scan once as data (`data.scan`) and
 * evaluates each rule package alone, reading it as its input: OPA's Wasm allocator keeps one
 * free list that every free walks, so one evaluation of every rule together slows down with
 * the square of the heap it leaves behind, while each package alone starts from a fresh heap
 * (docs/benchmarks.md has the figures).
 */
function entryModule(packages) {
  const rules = packages.map((p) => `${entryName(p)} := x if {\n\tx := data.${p}.deny with input as data.scan\n}`);
  rules.push('coverage := x if {\n\tx := data.eks.main.coverage with input as data.scan\n}');
  // Evaluated first, once per scan: the helpers every package shares (rego/lib/shared.rego).
  rules.push('shared := x if {\n\tx := data.eks.lib.shared.values with input as data.scan\n}');
  // Then the shared values that hold documents, added to the data by reference.
  rules.push('shared_refs := x if {\n\tx := data.eks.lib.shared.refs with input as data.scan\n}');
  return `# Generated by scripts/build.mjs: one entrypoint per rule package.\npackage ${ENTRY_PACKAGE}\n\n${rules.join('\n\n')}\n`;
}

function entryName(pkgName) {
  return `rule_${pkgName.slice('eks.rules.'.length).replace(/\./g, '__')}`;
}

function buildPolicy() {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'eks-policy-gate-build-'));
  try {
    const bundle = path.join(tmp, 'bundle.tar.gz');
    // Rule packages (eks.rules.<area>.<name>) that define `deny`, sorted.
    const packages = Object.keys(ruleIdsByPackage());
    // The Wasm module names each source file (for error locations): build in the temp folder
    // from a copy of rego/ and the generated module under fixed relative names, so that every
    // build of the same sources, in any clone, is the same bytes.
    fs.cpSync(path.join(root, 'rego'), path.join(tmp, 'rego'), { recursive: true });
    fs.writeFileSync(path.join(tmp, 'entry.rego'), entryModule(packages));
    const entrypoints = [...packages.map(entryName), 'coverage', 'shared', 'shared_refs'].map((n) => `${ENTRY_PACKAGE.replace('.', '/')}/${n}`);
    try {
      run(opa, [
        'build', '-t', 'wasm', ...entrypoints.flatMap((e) => ['-e', e]),
        '--capabilities', 'rego/capabilities.json',
        '--ignore', '*_test.rego',
        '-o', bundle, 'rego', 'entry.rego',
      ], { stdio: ['ignore', 'pipe', 'pipe'], cwd: tmp });
    } catch (err) {
      fail(`opa build failed (a built-in outside rego/capabilities.json is not available in Wasm):\n${err.stderr || err.message}`);
    }
    run('tar', ['-xzf', bundle, '-C', tmp], { stdio: ['ignore', 'pipe', 'pipe'] });
    let wasm;
    try {
      // Smaller allocator size classes: less memory per instance (scripts/wasm-heap.mjs);
      // the entrypoints' values without a result set (scripts/wasm-exports.mjs).
      wasm = exportEntrypoints(withSizeClasses(fs.readFileSync(path.join(tmp, 'policy.wasm'))), entrypoints);
    } catch (err) {
      fail(`policy.wasm: ${err.message}`);
    }
    fs.writeFileSync(path.join(out, 'policy.wasm'), wasm);
    fs.chmodSync(path.join(out, 'policy.wasm'), 0o644);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

function buildCatalog() {
  const inspected = JSON.parse(run(opa, ['inspect', '-a', '-f', 'json', 'rego']));
  const rules = [];
  const problems = [];
  for (const entry of inspected.annotations ?? []) {
    const a = entry.annotations ?? {};
    const c = a.custom ?? {};
    if (!c.id) continue;
    const where = `${entry.location.file}:${entry.location.row}`;
    const need = (cond, what) => { if (!cond) problems.push(`${where}: ${c.id}: ${what}`); };
    need(/^[A-Z][A-Z0-9]*-[A-Z]+-\d{3}$/.test(c.id), 'id must look like EKS-AREA-NNN');
    need(typeof a.title === 'string' && a.title.length > 0, 'title is required');
    need(typeof a.description === 'string' && a.description.length > 0, 'description is required');
    need(SEVERITIES.includes(c.severity), `custom.severity must be one of ${SEVERITIES.join(', ')}`);
    need(MODES.includes(c.mode), `custom.mode must be one of ${MODES.join(', ')}`);
    need(INPUTS.includes(c.input), `custom.input must be one of ${INPUTS.join(', ')}`);
    need(typeof c.remediation === 'string' && c.remediation.length > 0, 'custom.remediation is required');
    const pkgPath = entry.path.slice(1).map((p) => p.value).join('.');
    rules.push({
      id: c.id,
      title: a.title,
      description: a.description.trim(),
      severity: c.severity,
      mode: c.mode,
      input: c.input,
      remediation: String(c.remediation ?? '').trim(),
      ...(c.fix ? { fix: { before: c.fix.before, after: c.fix.after } } : {}),
      references: (a.related_resources ?? []).map((r) => ({ title: r.description ?? r.ref, url: r.ref })),
      compliance: c.compliance ?? {},
      tags: c.tags ?? [],
      ...(c.pss_check ? { pssCheck: c.pss_check } : {}),
      package: pkgPath,
      source: entry.location.file,
    });
  }
  const seen = new Set();
  for (const r of rules) {
    if (seen.has(r.id)) problems.push(`${r.source}: rule ID ${r.id} is defined twice`);
    seen.add(r.id);
  }
  if (problems.length) fail(`invalid rule metadata:\n  ${problems.join('\n  ')}`);
  rules.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  // Which rules each package's entrypoint can report (ruleIdsByPackage).
  const emits = Object.fromEntries(Object.entries(ruleIdsByPackage()).map(([p, ids]) => [`${ENTRY_PACKAGE.replace('.', '/')}/${entryName(p)}`, ids]));
  fs.writeFileSync(path.join(out, 'catalog.json'), JSON.stringify({ version: pkg.version, rules, emits }, null, 2) + '\n');
  return rules.length;
}

// The helper library (rego/lib) and the Wasm capabilities, for compiling users' policies at run
// time (src/evaluate/custom/compile.ts).
function buildRegoKit() {
  const files = {};
  const walk = (dir) => {
    for (const e of fs.readdirSync(path.join(root, 'rego', dir), { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const rel = path.posix.join(dir, e.name);
      if (e.isDirectory()) walk(rel);
      else if (e.name.endsWith('.rego') && !e.name.endsWith('_test.rego')) files[rel] = fs.readFileSync(path.join(root, 'rego', rel), 'utf8');
    }
  };
  walk('lib');
  const capabilities = JSON.parse(fs.readFileSync(path.join(root, 'rego/capabilities.json'), 'utf8'));
  fs.writeFileSync(path.join(out, 'rego-lib.json'), JSON.stringify({ capabilities, files }) + '\n');
}

async function bundle() {
  const common = {
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    sourcemap: false,
    legalComments: 'none',
    logLevel: 'warning',
    define: { __EKS_POLICY_GATE_VERSION__: JSON.stringify(pkg.version) },
    // Prefer a package's ESM build: jsonc-parser's `main` is a UMD file whose dynamic
    // require('./impl/...') esbuild cannot follow, so the bundle would fail at run time.
    mainFields: ['module', 'main'],
    // CommonJS dependencies (opa-wasm, js-yaml) call require() for Node built-ins.
    banner: { js: "import { createRequire as __createRequire } from 'node:module';\nconst require = __createRequire(import.meta.url);" },
  };
  // cli.js and index.js are launchers (src/isolate.ts): each runs its entry point's bundle,
  // cli-main.js or action-main.js, in a worker thread.
  await esbuild.build({
    ...common,
    entryPoints: [path.join(root, 'src/bin.ts')],
    outfile: path.join(out, 'cli.js'),
    banner: { js: `#!/usr/bin/env node\n${common.banner.js}` },
  });
  await esbuild.build({ ...common, entryPoints: [path.join(root, 'src/cli-main.ts')], outfile: path.join(out, 'cli-main.js') });
  await esbuild.build({ ...common, entryPoints: [path.join(root, 'src/index.ts')], outfile: path.join(out, 'index.js') });
  // The action's HTTP stack, undici, is a file of its own that src/github/undici-lazy.ts loads on
  // the first API call; the action's bundle gets that module wherever its dependencies import
  // `undici` (a name it does not export fails the build).
  await esbuild.build({
    ...common,
    entryPoints: [path.join(root, 'src/action-main.ts')],
    outfile: path.join(out, 'action-main.js'),
    alias: { undici: path.join(root, 'src/github/undici-lazy.ts') },
  });
  await esbuild.build({
    ...common,
    entryPoints: [createRequire(import.meta.url).resolve('undici')],
    outfile: path.join(out, 'undici.cjs'),
    format: 'cjs',
    banner: {},
  });
  // The second evaluation thread (src/evaluate/parallel.ts), beside cli-main.js and action-main.js.
  await esbuild.build({ ...common, entryPoints: [path.join(root, 'src/evaluate/worker.ts')], outfile: path.join(out, 'eval-worker.js') });
  fs.chmodSync(path.join(out, 'cli.js'), 0o755);
}

fs.mkdirSync(out, { recursive: true });
ensureTools();
// The configuration's validator, compiled from its schema (scripts/config-validator.mjs): a
// source file the bundles below include, so it is written first.
fs.writeFileSync(VALIDATOR_FILE, validatorSource());
buildPolicy();
const count = buildCatalog();
buildRegoKit();
// --docs [DIR]: the rule reference, generated from the catalog (default docs/rules/).
const docsIdx = args.indexOf('--docs');
if (docsIdx >= 0) {
  const next = args[docsIdx + 1];
  const dir = path.resolve(next && !next.startsWith('--') ? next : path.join(root, 'docs/rules'));
  const pages = writeRuleDocs(dir, JSON.parse(fs.readFileSync(path.join(out, 'catalog.json'), 'utf8')));
  if (!args.includes('--quiet')) console.log(`build: ${pages} rule reference pages in ${path.relative(root, dir) || '.'}/`);
}
// --policy-only: just the bundle and the catalog (what the tests of src/ need).
if (!args.includes('--policy-only')) await bundle();
if (!args.includes('--quiet')) console.log(`build: ${count} rules; wrote ${path.relative(root, out) || '.'}/`);
