// Times each rule package of the built bundle (dist/policy.wasm) on one corpus, the way the
// engine runs them (scan loaded once as data, one evaluation per package, its findings read out
// of the memory), slowest first.
// Run: node scripts/bench/run-ts.mjs scripts/bench/time-packages.ts [DIR]   (SHARE=0: without the shared values;
// WASM=<file>: another build; CLASSES=opa: the bundle with OPA's own allocator size classes, scripts/wasm-heap.mjs;
// WHOLE=1: the scan's JSON loaded in one piece instead of a chunk of documents at a time; PARSED=1: the documents
// parsed by the runtime instead of written as values)
// It also prints the memory the loaded scan takes in the instance and each package's heap (BY=heap: largest heap first).
// WRITE=1 writes each package's heap to src/evaluate/package-heaps.json, the order the two evaluation threads take
// the packages in (src/evaluate/heap-order.ts): run it on bench-out/k8s-10000 after changing a policy's package.
import fs from 'node:fs';
import path from 'node:path';
import { withDefaults } from '../../src/config/config.js';
import { buildInput } from '../../src/evaluate/input.js';
import { corpusDocuments } from './corpus-documents.js';
import { initialPages } from '../../src/evaluate/engine.js';
import { CHUNK_BYTES, evaluateEntrypoint, heapPointer, loadPolicySync, loadScan, scanJson, SHARED_ENTRYPOINT, SHARED_REFS_ENTRYPOINT } from '../../src/evaluate/instance.js';
import { CLASSES, OPA_CLASSES, withSizeClasses } from '../wasm-heap.mjs';

const dir = path.resolve(process.argv[2] ?? 'bench-out/k8s-10k');
const documents = corpusDocuments(dir);
const share = process.env.SHARE !== '0';
const json = scanJson(buildInput(documents, withDefaults({})), share);
const bytes = json.bytes;
const built = fs.readFileSync(path.resolve(process.env.WASM ?? 'dist/policy.wasm'));
const wasm = process.env.CLASSES === 'opa' ? withSizeClasses(built, OPA_CLASSES, CLASSES) : built;
const policy = loadPolicySync(wasm, { initial: initialPages(bytes.byteLength) });
const heapPtr = () => heapPointer(policy) ?? 0;
const t0 = performance.now();
// WHOLE=1: the scan's JSON loaded in one piece, as the SDK's setData does; PARSED=1: its
// documents parsed by the runtime a chunk at a time rather than written as values (writer.ts).
loadScan(policy, process.env.WHOLE === '1' ? bytes : json, share, CHUNK_BYTES, process.env.PARSED !== '1');
const loadMs = performance.now() - t0;
const data = heapPtr();
let largest = 0;
const names = Object.keys(policy.entrypoints as Record<string, number>).filter((n) => n.startsWith('eks/entry/') && n !== SHARED_REFS_ENTRYPOINT);
const rows = names.map((n) => {
  const t = performance.now();
  evaluateEntrypoint(policy, n);
  const ms = performance.now() - t;
  const heap = heapPtr() - data;
  largest = Math.max(largest, heap);
  return { name: n.slice('eks/entry/'.length), ms, heap };
});
const total = rows.reduce((s, r) => s + r.ms, 0);
console.log(`${documents.length} documents, input ${(bytes.byteLength / 1e6).toFixed(1)} MB, loaded (with shared values) in ${loadMs.toFixed(0)} ms, ${rows.length} packages, ${total.toFixed(0)} ms`);
console.log(`memory: the loaded scan ${(data / 1e6).toFixed(1)} MB of the instance, the largest package heap ${(largest / 1e6).toFixed(1)} MB`);
const by = process.env.BY === 'heap' ? 'heap' : 'ms';
for (const r of rows.sort((a, b) => b[by] - a[by]).slice(0, Number(process.env.TOP ?? 40))) console.log(`${r.ms.toFixed(0).padStart(7)} ms ${(r.heap / 1e6).toFixed(1).padStart(6)} MB  ${r.name}`);
if (process.env.WRITE === '1') {
  const heaps = Object.fromEntries(rows.filter((r) => `eks/entry/${r.name}` !== SHARED_ENTRYPOINT).sort((a, b) => b.heap - a.heap || (a.name < b.name ? -1 : 1)).map((r) => [r.name, Math.round(r.heap / 1e5) / 10]));
  const file = path.resolve('src/evaluate/package-heaps.json');
  const measured = `each package's heap (MB) on ${documents.length} documents (${path.relative(process.cwd(), dir)}): WRITE=1 node scripts/bench/run-ts.mjs scripts/bench/time-packages.ts ${path.relative(process.cwd(), dir)}`;
  fs.writeFileSync(file, `${JSON.stringify({ measured, packages: heaps }, null, 2)}\n`);
  console.log(`wrote ${path.relative(process.cwd(), file)}`);
}
