import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { NeedleSet, WINDOW } from '../../src/report/needles.js';

/** The obvious quadratic search, as the reference. */
function naive(text: string, needles: string[]): Array<[number, number]> {
  const spans: Array<[number, number]> = [];
  for (let i = 0; i < text.length; i++) for (const n of needles) if (text.startsWith(n, i)) spans.push([i, i + n.length]);
  return spans.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
}

describe('NeedleSet', () => {
  it('finds every occurrence of every needle, at the start, the end and overlapping', () => {
    const set = new NeedleSet(['AKIAABCDEFGH', 'ABCDEFGH', 'zzzzzzzzzz']);
    const text = 'AKIAABCDEFGH and ABCDEFGH zzzzzzzzzzzz';
    const found = [...set.matches(text)].map((m) => [m.start, m.end, m.needle]);
    expect(found).toEqual([
      [0, 12, 'AKIAABCDEFGH'],
      [4, 12, 'ABCDEFGH'],
      [17, 25, 'ABCDEFGH'],
      [26, 36, 'zzzzzzzzzz'],
      [27, 37, 'zzzzzzzzzz'],
      [28, 38, 'zzzzzzzzzz'],
    ]);
  });

  it('replaces overlapping occurrences as one span, leaving no part of any', () => {
    const set = new NeedleSet(['secret-AAAA-1111', '1111-BBBB-secret']);
    expect(set.replace('x secret-AAAA-1111-BBBB-secret y', (n) => `<${n.length}>`)).toBe('x <16> y');
    expect(set.replace('nothing here', () => 'X')).toBe('nothing here');
    expect(set.replace('secret-AAAA-1111', () => 'X')).toBe('X');
  });

  it('refuses needles shorter than the window', () => {
    expect(() => new NeedleSet(['short'])).toThrow(RangeError);
  });

  // Up to 32 needles are searched with indexOf, more with the rolling hash: both must agree.
  for (const [label, min, max] of [['few', 1, 32], ['many', 33, 60]] as const) {
    it(`agrees with a naive search on any text and needles, ${label} needles (including non-ASCII)`, () => {
      const alphabet = fc.constantFrom('a', 'b', 'é', '\u{1F600}', '\n', '"');
      const str = (lo: number, hi: number) => fc.array(alphabet, { minLength: lo, maxLength: hi }).map((a) => a.join(''));
      fc.assert(
        fc.property(fc.array(str(WINDOW, 14).filter((s) => s.length >= WINDOW), { minLength: min, maxLength: max }), str(0, 80), (needles, filler) => {
          const text = filler + needles.join(filler.slice(0, 3)) + filler;
          const got = [...new NeedleSet(needles).matches(text)].map((m) => [m.start, m.end] as [number, number]);
          const unique = [...new Set(needles)];
          expect(got.sort((a, b) => a[0] - b[0] || b[1] - a[1])).toEqual(naive(text, unique));
          const replaced = new NeedleSet(needles).replace(text, () => '#');
          for (const n of unique) expect(replaced.includes(n)).toBe(false);
        }),
        { numRuns: 500 },
      );
    });
  }
});
