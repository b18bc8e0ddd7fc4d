// Scalars shared across a scan (load/yaml.ts, the scalar table): the parser keeps each distinct
// string once, so repeated names, labels and whole ConfigMaps cost their memory once. Nothing
// observable may change: values, keys, aliases and lines stay as they were.
import { describe, expect, it } from 'vitest';
import { releaseParserTables, parseYaml } from '../../src/load/yaml.js';
import { LineIndex, resolvePath } from '../../src/load/source-map.js';
import { heapAfter } from '../heap.js';


/** `n` ConfigMaps, each holding the same 2 KiB script, under names of their own. */
function configMaps(n: number, script: (i: number) => string): string {
  const docs: string[] = [];
  for (let i = 0; i < n; i++) {
    docs.push(`apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm-${i}\n  labels: {app: web, tier: "frontend"}\ndata:\n  run.sh: |\n${script(i).split('\n').map((l) => `    ${l}`).join('\n')}\n`);
  }
  return docs.join('---\n');
}

const SCRIPT = Array.from({ length: 64 }, (_, i) => `echo "step ${i} of the start-up script, long enough to matter"`).join('\n');

describe('scalars shared across a scan', () => {
  it('a repeated block scalar is held once: 2,000 copies of a 3.9 KB script cost far less than one copy each', () => {
    // The texts are made first: the parsed documents keep them (for keys and lines) either way.
    const distinct = configMaps(2000, (i) => `${SCRIPT}\n# ${i}`);
    const same = configMaps(2000, () => SCRIPT);
    const copies = heapAfter(() => parseYaml(distinct));
    const shared = heapAfter(() => parseYaml(same));
    releaseParserTables();
    expect(copies.value.documents).toHaveLength(2000);
    expect(shared.value.documents).toHaveLength(2000);
    // Distinct scripts: each document holds its own 2 x 3.9 KB (one-byte chars) at least.
    expect(copies.bytes).toBeGreaterThan(2000 * SCRIPT.length);
    expect(shared.bytes).toBeLessThan(copies.bytes / 4);
    const values = shared.value.documents.map((d) => (d.value as { data: Record<string, string> }).data['run.sh']);
    expect(new Set(values)).toEqual(new Set([`${SCRIPT}\n`]));
  });

  it('values, keys, aliases, tags and lines are what they were', () => {
    const text = [
      'a: &x shared',
      'b: *x',
      'c: shared',
      'shared: "shared"',
      "d: ['shared', 8080, \"8080\", yes, 'yes']",
      'e: !!str 8080',
      '---',
      'c: shared',
      'list: [shared, shared]',
    ].join('\n');
    const parsed = parseYaml(text);
    releaseParserTables();
    expect(parsed.problems).toEqual([]);
    expect(parsed.documents.map((d) => d.value)).toEqual([
      { a: 'shared', b: 'shared', c: 'shared', shared: 'shared', d: ['shared', 8080, '8080', true, 'yes'], e: '8080' },
      { c: 'shared', list: ['shared', 'shared'] },
    ]);
    const lines = new LineIndex(text);
    const at = (doc: number, path: (string | number)[]) => {
      const root = parsed.documents[doc]?.root;
      if (!root) throw new Error('no root');
      return lines.position(resolvePath(root, path).offset).line;
    };
    expect([at(0, ['c']), at(0, ['shared']), at(0, ['d', 2]), at(1, ['list', 1])]).toEqual([3, 4, 5, 9]);
  });

  it('a scan lets go of the table: parsing again after releaseParserTables gives equal values', () => {
    const first = parseYaml('x: one\ny: two\n');
    releaseParserTables();
    const second = parseYaml('x: one\ny: two\n');
    releaseParserTables();
    expect(second.documents[0]?.value).toEqual(first.documents[0]?.value);
  });
});
