import path from 'node:path';
import v8 from 'node:v8';
import { discover } from '../../src/discover/discover.js';
import { loadManifests } from '../../src/load/manifests.js';
const dir = path.resolve(process.argv[2] ?? 'bench-out/k8s-10000');
const found = discover([dir], { root: dir, exclude: [], include: [], planGlobs: [], binaryPlanGlobs: [] } as Parameters<typeof discover>[1]);
let t = performance.now();
const out = loadManifests(found.manifests.slice(0, found.manifests.length >> 1), 'default');
console.log('parse half', (performance.now() - t).toFixed(0), out.documents.length);
const objects = out.documents.map((d) => d.object);
for (let r = 0; r < 3; r++) {
  t = performance.now(); const buf = v8.serialize(objects); const t1 = performance.now() - t;
  t = performance.now(); v8.deserialize(buf); const t2 = performance.now() - t;
  t = performance.now(); const s = JSON.stringify(objects); const t3 = performance.now() - t;
  t = performance.now(); JSON.parse(s); const t4 = performance.now() - t;
  console.log('clone ser', t1.toFixed(0), 'deser', t2.toFixed(0), buf.length, '| json str', t3.toFixed(0), 'parse', t4.toFixed(0), s.length);
}
