#!/usr/bin/env node
// npm run build: compiles the policies and bundles the code into dist/ (or --out DIR).
//   1. rego/ -> policy.wasm with `opa build -t wasm`, limited to the built-ins the Wasm SDK
//      supports (rego/capabilities.json), so an unsupported built-in fails here.
//   2. every rule's # METADATA -> catalog.json (`opa inspect -a`), checked for required fields.
//   3. src/bin.ts -> cli.js and src/index.ts -> index.js with esbuild, every dependency inlined.
// The output is deterministic: __tests__/dist.test.ts rebuilds and compares it with dist/.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { writeRuleDocs } from './rule-docs.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const outIdx = args.indexOf('--out');
const out = path.resolve(outIdx >= 0 ? args[outIdx + 1] : path.join(root, 'dist'));
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const opa = path.join(root, '.tools/bin/opa');

const ENTRYPOINT = 'eks/main/findings';
// The coverage report (rules.md §6.7), alone and together with the findings (what scan() evaluates).
const EXTRA_ENTRYPOINTS = ['eks/main/coverage', 'eks/main/report'];
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

function buildPolicy() {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'eks-policy-gate-build-'));
  try {
    const bundle = path.join(tmp, 'bundle.tar.gz');
    try {
      run(opa, [
        'build', '-t', 'wasm', '-e', ENTRYPOINT, ...EXTRA_ENTRYPOINTS.flatMap((e) => ['-e', e]),
        '--capabilities', 'rego/capabilities.json',
        '--ignore', '*_test.rego',
        '-o', bundle, 'rego',
      ], { stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (err) {
      fail(`opa build failed (a built-in outside rego/capabilities.json is not available in Wasm):\n${err.stderr || err.message}`);
    }
    run('tar', ['-xzf', bundle, '-C', tmp], { stdio: ['ignore', 'pipe', 'pipe'] });
    fs.copyFileSync(path.join(tmp, 'policy.wasm'), path.join(out, 'policy.wasm'));
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
  fs.writeFileSync(path.join(out, 'catalog.json'), JSON.stringify({ version: pkg.version, rules }, null, 2) + '\n');
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
  await esbuild.build({
    ...common,
    entryPoints: [path.join(root, 'src/bin.ts')],
    outfile: path.join(out, 'cli.js'),
    banner: { js: `#!/usr/bin/env node\n${common.banner.js}` },
  });
  await esbuild.build({ ...common, entryPoints: [path.join(root, 'src/index.ts')], outfile: path.join(out, 'index.js') });
  fs.chmodSync(path.join(out, 'cli.js'), 0o755);
}

fs.mkdirSync(out, { recursive: true });
ensureTools();
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
