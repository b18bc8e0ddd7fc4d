// Times every rule package of two policy builds on one corpus in one process, alternating the
// two package by package, so that the machine's drift between runs does not decide the result
// (as `npm run bench:compare` does end to end). Each build is loaded with the scan as the
// engine loads it, and each package evaluated and read out as the engine does.
// Run: node scripts/bench/run-ts.mjs scripts/bench/compare-packages.ts A.wasm B.wasm [DIR] [ROUNDS]
// (for example `git show HEAD~1:dist/policy.wasm > /tmp/a.wasm` against dist/policy.wasm).
import fs from 'node:fs';
import path from 'node:path';
import { withDefaults } from '../../src/config/config.js';
import { buildInput } from '../../src/evaluate/input.js';
import { corpusDocuments } from './corpus-documents.js';
import { initialPages } from '../../src/evaluate/engine.js';
import { evaluateEntrypoint, loadPolicySync, loadScan, scanJson, SHARED_REFS_ENTRYPOINT } from '../../src/evaluate/instance.js';

const [a, b, corpus, rounds] = process.argv.slice(2);
if (!a || !b) throw new Error('usage: compare-packages.ts A.wasm B.wasm [DIR] [ROUNDS]');
const dir = path.resolve(corpus ?? 'bench-out/k8s-10000');
const documents = corpusDocuments(dir);
const json = scanJson(buildInput(documents, withDefaults({})), true);
const builds = [a, b].map((file) => {
  const policy = loadPolicySync(fs.readFileSync(file), { initial: initialPages(json.bytes.byteLength) });
  const t = performance.now();
  loadScan(policy, json, true);
  return { file, policy, loadMs: performance.now() - t, totals: [] as number[], findings: 0 };
});
const [A, B] = builds as [(typeof builds)[0], (typeof builds)[0]];
const names = Object.keys(A.policy.entrypoints as Record<string, number>).filter((n) => n.startsWith('eks/entry/') && n !== SHARED_REFS_ENTRYPOINT);
for (let r = 0; r < Number(rounds ?? 5); r++) {
  const spent = new Map([[A, 0], [B, 0]]);
  for (const name of names) {
    for (const build of r % 2 === 0 ? [A, B] : [B, A]) {
      const t = performance.now();
      const value = evaluateEntrypoint(build.policy, name);
      spent.set(build, (spent.get(build) ?? 0) + performance.now() - t);
      if (r === 0 && Array.isArray(value)) build.findings += value.length;
    }
  }
  for (const build of builds) build.totals.push(spent.get(build) ?? 0);
}
const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)] as number;
console.log(`${documents.length} documents (${dir}), ${names.length} packages, ${A.totals.length} rounds alternated package by package`);
for (const [label, build] of [['A', A], ['B', B]] as const) {
  console.log(`${label} ${build.file}: loaded in ${build.loadMs.toFixed(0)} ms; packages median ${median(build.totals).toFixed(0)} ms (${build.totals.map((t) => t.toFixed(0)).join(', ')}); ${build.findings} findings`);
}
console.log(`B against A: ${(((median(B.totals) - median(A.totals)) / median(A.totals)) * 100).toFixed(1)} %`);
