// Times every rule package of the built-in bundle on one corpus, one package at a time, to
// find the rules that do not scale. Run: node scripts/bench/run-ts.mjs scripts/bench/profile-rules.ts DIR
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { withDefaults } from '../../src/config/config.js';
import { buildInput } from '../../src/evaluate/input.js';
import { corpusDocuments } from './corpus-documents.js';
import { initialPages } from '../../src/evaluate/engine.js';
import { loadPolicySync, type PolicySource } from '../../src/evaluate/instance.js';

const root = process.cwd(); // run from the repository root
const dir = path.resolve(process.argv[2] ?? 'bench-out/k8s-10k');
const opa = path.join(root, '.tools/bin/opa');

const config = withDefaults({});
const documents = corpusDocuments(dir);
const bytes = new TextEncoder().encode(JSON.stringify(buildInput(documents, config)));
console.log(`${documents.length} documents, input ${(bytes.byteLength / 1e6).toFixed(1)} MB`);

// Rule packages with a deny set: from the Rego sources (package line + a deny rule).
function regoFiles(d: string): string[] {
  return fs.readdirSync(d, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(d, e.name);
    return e.isDirectory() ? regoFiles(p) : e.name.endsWith('.rego') && !e.name.endsWith('_test.rego') ? [p] : [];
  });
}
const packages = new Set<string>();
for (const f of regoFiles(path.join(root, 'rego/rules'))) {
  const text = fs.readFileSync(f, 'utf8');
  const pkg = /^package (\S+)/m.exec(text)?.[1];
  if (pkg && /^deny\b/m.test(text)) packages.add(pkg.replace(/\./g, '/'));
}
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'epg-profile-'));
if (process.env.EXTRA_REGO) for (const f of regoFiles(process.env.EXTRA_REGO)) { const pkg = /^package (\S+)/m.exec(fs.readFileSync(f, 'utf8'))?.[1]; if (pkg) packages.add(pkg.replace(/\./g, '/')); }
const usable = [...packages].sort().map((p) => `${p}/deny`).filter((e) => !process.env.ONLY || e.includes(process.env.ONLY));
execFileSync(opa, ['build', '-t', 'wasm', ...usable.flatMap((e) => ['-e', e]), '--capabilities', path.join(root, 'rego/capabilities.json'), '--ignore', '*_test.rego', '-o', path.join(tmp, 'all.tar.gz'), path.join(root, 'rego'), ...(process.env.EXTRA_REGO ? [process.env.EXTRA_REGO] : [])], { stdio: 'pipe' });
execFileSync('tar', ['-xzf', path.join(tmp, 'all.tar.gz'), '-C', tmp], { stdio: 'pipe' });
const module = new (globalThis as unknown as { WebAssembly: { Module: new (b: Uint8Array) => object } }).WebAssembly.Module(fs.readFileSync(path.join(tmp, 'policy.wasm')));
const rows: [string, number, number][] = [];
for (const e of process.env.SKIP_PACKAGES ? [] : usable) {
  const policy = loadPolicySync(module as PolicySource, { initial: initialPages(bytes.byteLength) });
  const t = performance.now();
  const r = policy.evaluate(bytes.buffer, e) as { result: unknown[] }[];
  rows.push([e, performance.now() - t, r[0]?.result.length ?? 0]);
  process.stdout.write('.');
}
console.log();
rows.sort((a, b) => b[1] - a[1]);
for (const [e, ms, n] of rows.slice(0, Number(process.env.TOP ?? 25))) console.log(`${ms.toFixed(0).padStart(8)} ms ${String(n).padStart(6)} findings  ${e}`);
console.log(`total ${rows.reduce((a, r) => a + r[1], 0).toFixed(0)} ms over ${rows.length} packages`);
fs.rmSync(tmp, { recursive: true, force: true });

// The whole bundle as the gate runs it.
if (!process.env.SKIP_FULL) {
  const dist = fs.mkdtempSync(path.join(os.tmpdir(), 'epg-profile-full-'));
  execFileSync(process.execPath, [path.join(root, 'scripts/build.mjs'), '--out', dist, '--policy-only', '--quiet'], { stdio: 'inherit' });
  const full = new (globalThis as unknown as { WebAssembly: { Module: new (b: Uint8Array) => object } }).WebAssembly.Module(fs.readFileSync(path.join(dist, 'policy.wasm')));
  for (const entry of ['eks/main/findings']) {
    const policy = loadPolicySync(full as PolicySource, { initial: initialPages(bytes.byteLength) });
    const t = performance.now();
    const r = policy.evaluate(bytes.buffer, entry) as { result: unknown[] }[];
    console.log(`full bundle ${entry}: ${(performance.now() - t).toFixed(0)} ms, ${r[0]?.result.length} findings`);
  }
  fs.rmSync(dist, { recursive: true, force: true });
}

// Aggregator variants (AGG=1): how the per-package deny sets are collected into one result.
if (process.env.AGG) {
  const aggDir = fs.mkdtempSync(path.join(os.tmpdir(), 'epg-agg-'));
  const refs = usable.map((e) => `data.${e.replace(/\/deny$/, '').replace(/\//g, '.')}.deny`);
  const variants: Record<string, string> = {
    union: `union_all := ${refs.join(' | ')}`,
    arrays: `arrays := array.concat([], [f | some r in [${refs.map((r) => `[x | some x in ${r}]`).join(', ')}]; some f in r])`,
    comprehension: `comprehension := [f | some r in [${refs.join(', ')}]; some f in r]`,
    multibody: refs.map((r) => `multibody contains f if some f in ${r}`).join('\n\n'),
  };
  fs.writeFileSync(path.join(aggDir, 'agg.rego'), `package eks.agg\n\n${Object.values(variants).join('\n\n')}\n`);
  const eps = ['eks/agg/union_all', 'eks/agg/arrays', 'eks/agg/comprehension', 'eks/agg/multibody'];
  execFileSync(opa, ['build', '-t', 'wasm', ...eps.flatMap((e) => ['-e', e]), '--ignore', '*_test.rego', '-o', path.join(aggDir, 'b.tar.gz'), path.join(root, 'rego'), path.join(aggDir, 'agg.rego')], { stdio: 'inherit' });
  execFileSync('tar', ['-xzf', path.join(aggDir, 'b.tar.gz'), '-C', aggDir], { stdio: 'pipe' });
  const m = new (globalThis as unknown as { WebAssembly: { Module: new (b: Uint8Array) => object } }).WebAssembly.Module(fs.readFileSync(path.join(aggDir, 'policy.wasm')));
  for (const e of eps) {
    const policy = loadPolicySync(m as PolicySource, { initial: initialPages(bytes.byteLength) });
    const t = performance.now();
    const r = policy.evaluate(bytes.buffer, e) as { result: unknown[] }[];
    console.log(`${e}: ${(performance.now() - t).toFixed(0)} ms, ${r[0]?.result.length} findings`);
  }
}

// Data-loaded variant (DATA=1): the scan is loaded once with setData, and every package is
// evaluated alone (the heap is reset between evaluations), reading it through `with input as`.
if (process.env.DATA) {
  const dDir = fs.mkdtempSync(path.join(os.tmpdir(), 'epg-data-'));
  const pkgs = usable.map((e) => e.replace(/\/deny$/, ''));
  const mod = pkgs.map((p, i) => `p${i} := x if {\n\tx := data.${p.replace(/\//g, '.')}.deny with input as data.scan_input\n}`).join('\n\n');
  fs.writeFileSync(path.join(dDir, 'entry.rego'), `package eks.entry\n\n${mod}\n`);
  const eps = pkgs.map((_p, i) => `eks/entry/p${i}`);
  execFileSync(opa, ['build', '-t', 'wasm', ...eps.flatMap((e) => ['-e', e]), '--ignore', '*_test.rego', '-o', path.join(dDir, 'b.tar.gz'), path.join(root, 'rego'), path.join(dDir, 'entry.rego'), ...(process.env.EXTRA_REGO ? [process.env.EXTRA_REGO] : [])], { stdio: 'inherit' });
  execFileSync('tar', ['-xzf', path.join(dDir, 'b.tar.gz'), '-C', dDir], { stdio: 'pipe' });
  const m = new (globalThis as unknown as { WebAssembly: { Module: new (b: Uint8Array) => object } }).WebAssembly.Module(fs.readFileSync(path.join(dDir, 'policy.wasm')));
  const policy = loadPolicySync(m as PolicySource, { initial: initialPages(bytes.byteLength) });
  const payload = new TextEncoder().encode(`{"scan_input":${new TextDecoder().decode(bytes)}}`);
  let t = performance.now();
  policy.setData(payload.buffer);
  console.log(`setData: ${(performance.now() - t).toFixed(0)} ms`);
  t = performance.now();
  let total = 0;
  const per: [string, number][] = [];
  for (const [i, e] of eps.entries()) {
    const t1 = performance.now();
    const r = policy.evaluate(null, e) as { result: unknown[] }[];
    per.push([pkgs[i] ?? e, performance.now() - t1]);
    total += r[0]?.result.length ?? 0;
  }
  console.log(`all packages one by one: ${(performance.now() - t).toFixed(0)} ms, ${total} findings`);
  per.sort((a, b) => b[1] - a[1]);
  for (const [p, ms] of per.slice(0, Number(process.env.TOP ?? 15))) console.log(`${ms.toFixed(0).padStart(8)} ms  ${p}`);
}

// Grouped variant (GROUP=1): one evaluation per group of packages, so a group shares the
// memoised library rules (pods, indexes) while the heap still resets between groups.
if (process.env.GROUP) {
  const gDir = fs.mkdtempSync(path.join(os.tmpdir(), 'epg-group-'));
  const pkgs = usable.map((e) => e.replace(/\/deny$/, ''));
  const groupOf = (p: string) => {
    const area = p.split('/')[2] ?? '';
    const map: Record<string, string> = JSON.parse(process.env.GROUP_MAP ?? '{}');
    return map[area] ?? area;
  };
  const groups = new Map<string, string[]>();
  if (process.env.PKG_GROUPS) {
    // e.g. GROUPS='[["psb/privileged","psb/capabilities"]]': only these groups.
    (JSON.parse(process.env.PKG_GROUPS) as string[][]).forEach((g, i) => groups.set(`g${i}`, g.map((x) => `eks/rules/${x}`)));
  } else for (const p of pkgs) groups.set(groupOf(p), [...(groups.get(groupOf(p)) ?? []), p]);
  const names = [...groups.keys()].sort();
  const mod = names.map((g) => `g_${g.replace(/[^a-z0-9]/g, '_')} := x if {\n\tx := (${(groups.get(g) ?? []).map((p) => `data.${p.replace(/\//g, '.')}.deny`).join(' | ')}) with input as data.scan_input\n}`).join('\n\n');
  fs.writeFileSync(path.join(gDir, 'entry.rego'), `package eks.entry\n\n${mod}\n`);
  const eps = names.map((g) => `eks/entry/g_${g.replace(/[^a-z0-9]/g, '_')}`);
  execFileSync(opa, ['build', '-t', 'wasm', ...eps.flatMap((e) => ['-e', e]), '--ignore', '*_test.rego', '-o', path.join(gDir, 'b.tar.gz'), path.join(root, 'rego'), path.join(gDir, 'entry.rego')], { stdio: 'inherit' });
  execFileSync('tar', ['-xzf', path.join(gDir, 'b.tar.gz'), '-C', gDir], { stdio: 'pipe' });
  const m = new (globalThis as unknown as { WebAssembly: { Module: new (b: Uint8Array) => object } }).WebAssembly.Module(fs.readFileSync(path.join(gDir, 'policy.wasm')));
  const policy = loadPolicySync(m as PolicySource, { initial: initialPages(bytes.byteLength) });
  policy.setData(new TextEncoder().encode(`{"scan_input":${new TextDecoder().decode(bytes)}}`).buffer);
  const t = performance.now();
  let total = 0;
  for (const [i, e] of eps.entries()) {
    const t1 = performance.now();
    const r = policy.evaluate(null, e) as { result: unknown[] }[];
    total += r[0]?.result.length ?? 0;
    console.log(`${(performance.now() - t1).toFixed(0).padStart(8)} ms  ${names[i]} (${(groups.get(names[i] ?? "") ?? []).length} packages)`);
  }
  console.log(`grouped: ${(performance.now() - t).toFixed(0)} ms, ${total} findings`);
}
