import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { batching, writeJson } from '../../src/report/json-chunks.js';

function pieces(value: unknown): string[] {
  const out: string[] = [];
  writeJson(value, (p) => out.push(p));
  return out;
}

/** Long arrays (split in groups) nested in objects and arrays at every depth the writer splits. */
const nested = fc.letrec((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.jsonValue({ maxDepth: 2 }),
    fc.array(tie('node'), { maxLength: 4 }),
    fc.array(fc.jsonValue({ maxDepth: 2 }), { minLength: 60, maxLength: 200 }),
    fc.dictionary(fc.string(), tie('node'), { maxKeys: 4 }),
  ),
})).node;

describe('writeJson', () => {
  it('gives exactly JSON.stringify(value, null, 2) for any JSON value, long arrays at any depth', () => {
    fc.assert(fc.property(nested, (v) => {
      expect(pieces(v).join('')).toBe(JSON.stringify(v, null, 2));
    }), { numRuns: 1000 });
  });

  it('follows JSON.stringify on what JSON cannot hold: undefined, functions, holes, toJSON, boxed values, null prototypes', () => {
    const anything = fc.anything({
      withBoxedValues: true, withSparseArray: true, withNullPrototype: true, withDate: true, withMap: true, withSet: true,
      withTypedArray: true, withObjectString: true, maxDepth: 4,
    });
    fc.assert(fc.property(anything, (v) => {
      fc.pre(JSON.stringify(v) !== undefined);
      expect(pieces(v).join('')).toBe(JSON.stringify(v, null, 2));
    }), { numRuns: 2000 });
    // An array with a hole at index 3.
    const holey: unknown[] = [undefined, () => 2, Symbol('s')];
    holey[4] = 3;
    const odd = { a: undefined, b: () => 1, c: holey, d: new Date(0), e: { toJSON: () => ({ x: [1] }) } };
    expect(pieces(odd).join('')).toBe(JSON.stringify(odd, null, 2));
  });

  it('splits a long array into groups, so no piece holds the whole report', () => {
    const findings = Array.from({ length: 10_000 }, (_, i) => ({ ruleId: `EKS-${i}`, message: 'm'.repeat(50) }));
    const report = { summary: { findings: findings.length }, findings };
    const all = pieces(report);
    const text = JSON.stringify(report, null, 2);
    expect(all.join('')).toBe(text);
    expect(Math.max(...all.map((p) => p.length))).toBeLessThan(text.length / 50);
  });
});

describe('batching', () => {
  it('joins pieces into batches of at least the size, in order, the last one shorter', () => {
    const batches: string[] = [];
    const b = batching(10, (x) => batches.push(x));
    for (const p of ['abc', 'defgh', 'ij', 'k', 'lmnopqrstuvwxyz', '1']) b.sink(p);
    b.end();
    expect(batches).toEqual(['abcdefghij', 'klmnopqrstuvwxyz', '1']);
    const none: string[] = [];
    batching(10, (x) => none.push(x)).end();
    expect(none).toEqual([]);
  });
});
