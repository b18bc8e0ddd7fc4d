// Cross-checks our source map against the `yaml` package's node ranges on every real
// manifest of the shared corpus: for every key and item of every document, the line we report
// must be the line `yaml` gives.
import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { parseAllDocuments, LineCounter, isMap, isSeq, isScalar, type Node } from 'yaml';
import { parseYaml } from '../../src/load/yaml.js';
import { resolvePath, LineIndex } from '../../src/load/source-map.js';
import { manifestFiles } from '../helpers.js';

const corpus = path.resolve(__dirname, '../../../shared/corpus/k8s');

function* walk(node: Node | null | undefined, prefix: (string | number)[], lc: LineCounter): Generator<[(string | number)[], number]> {
  if (!node) return;
  if (isMap(node)) {
    for (const pair of node.items) {
      if (!isScalar(pair.key) || !pair.key.range) continue;
      const key = String(pair.key.value);
      if (key === '<<') continue;
      const p = [...prefix, key];
      yield [p, lc.linePos(pair.key.range[0]).line];
      yield* walk(pair.value as Node, p, lc);
    }
  } else if (isSeq(node)) {
    for (let i = 0; i < node.items.length; i++) {
      const n = node.items[i] as Node;
      if (!n || !n.range) continue;
      const p = [...prefix, i];
      yield [p, lc.linePos(n.range[0]).line];
      yield* walk(n, p, lc);
    }
  }
}

describe.skipIf(!fs.existsSync(corpus))('source map agrees with the yaml package on the corpus', () => {
  it('gives the same line for every key and item', () => {
    let checked = 0;
    const mismatches: string[] = [];
    for (const file of manifestFiles(corpus)) {
      const text = fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
      const ours = parseYaml(text);
      if (ours.problems.length) continue;
      const lc = new LineCounter();
      const theirs = parseAllDocuments(text, { version: '1.1', lineCounter: lc, uniqueKeys: false });
      if (!Array.isArray(theirs)) continue;
      const lines = new LineIndex(text);
      expect(ours.documents.length, file).toBe(theirs.length);
      theirs.forEach((doc, i) => {
        const root = ours.documents[i]?.root;
        if (!root) return;
        for (const [p, line] of walk(doc.contents as Node, [], lc)) {
          const r = resolvePath(root, p);
          checked++;
          const got = lines.position(r.offset).line;
          if (r.depth !== p.length || got !== line) {
            if (mismatches.length < 20) mismatches.push(`${path.relative(corpus, file)} ${JSON.stringify(p)}: ours ${got} (depth ${r.depth}) theirs ${line}`);
            else mismatches.push('');
          }
        }
      });
    }
    expect(mismatches.slice(0, 20), `${mismatches.length} mismatches of ${checked}`).toEqual([]);
    expect(checked).toBeGreaterThan(90_000);
  });
});
