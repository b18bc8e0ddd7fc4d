// Times each rule package of the built bundle (dist/policy.wasm) on one corpus, the way the
// engine runs them (scan loaded once as data, one evaluation per package), slowest first.
// Run: node scripts/bench/run-ts.mjs scripts/bench/time-packages.ts [DIR]   (SHARE=0: without the shared values)
import fs from 'node:fs';
import path from 'node:path';
import { withDefaults } from '../../src/config/config.js';
import { discover } from '../../src/discover/discover.js';
import { loadManifests } from '../../src/load/manifests.js';
import { buildInput, type ScanDocument } from '../../src/evaluate/input.js';
import { initialPages } from '../../src/evaluate/engine.js';
import { loadPolicySync, loadScan, scanBytes, SHARED_REFS_ENTRYPOINT } from '../../src/evaluate/instance.js';

const dir = path.resolve(process.argv[2] ?? 'bench-out/k8s-10k');
const found = discover([dir], { root: dir, exclude: [], include: [], planGlobs: [], binaryPlanGlobs: [] } as Parameters<typeof discover>[1]);
const documents: ScanDocument[] = loadManifests(found.manifests, 'default').documents.map((d, id) => ({ ...d, id }) as ScanDocument);
const share = process.env.SHARE !== '0';
const bytes = scanBytes(buildInput(documents, withDefaults({})), share);
const wasm = fs.readFileSync(path.resolve(process.env.WASM ?? 'dist/policy.wasm'));
const policy = loadPolicySync(wasm, { initial: initialPages(bytes.byteLength) });
const t0 = performance.now();
loadScan(policy, bytes, share);
const loadMs = performance.now() - t0;
const names = Object.keys(policy.entrypoints as Record<string, number>).filter((n) => n.startsWith('eks/entry/') && n !== SHARED_REFS_ENTRYPOINT);
const rows = names.map((n) => {
  const t = performance.now();
  policy.evaluate(undefined, n);
  return { name: n.slice('eks/entry/'.length), ms: performance.now() - t };
});
const total = rows.reduce((s, r) => s + r.ms, 0);
console.log(`${documents.length} documents, input ${(bytes.byteLength / 1e6).toFixed(1)} MB, loaded (with shared values) in ${loadMs.toFixed(0)} ms, ${rows.length} packages, ${total.toFixed(0)} ms`);
for (const r of rows.sort((a, b) => b.ms - a.ms).slice(0, Number(process.env.TOP ?? 40))) console.log(`${r.ms.toFixed(0).padStart(7)} ms  ${r.name}`);
