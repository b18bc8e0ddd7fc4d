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

  // Up to 3 needles are searched with indexOf, more with the skip table: both must agree.
  for (const [label, min, max] of [['few', 1, 3], ['many', 4, 60]] as const) {
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

  // The table search skips up to WINDOW - 1 characters at a time; a wide alphabet makes most
  // windows skip. 'š' (U+0161) and 'a' share a table slot, as do other pairs beyond Latin-1.
  it('agrees with a naive search when most of the text is skipped, including shared table slots', () => {
    const alphabet = fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 "\n', 'š', 'ā', '\u0161a', '\u{1F600}');
    const str = (lo: number, hi: number) => fc.array(alphabet, { minLength: lo, maxLength: hi }).map((a) => a.join(''));
    fc.assert(
      fc.property(
        fc.array(str(WINDOW, 20).filter((s) => s.length >= WINDOW), { minLength: 4, maxLength: 40 }),
        fc.array(fc.tuple(str(0, 60), fc.nat()), { maxLength: 30 }),
        (needles, pieces) => {
          // Needles (and pieces of them, which must not match) between random filler.
          const text = pieces.map(([filler, k]) => {
            const n = needles[k % needles.length] ?? '';
            return filler + (k % 3 === 0 ? n.slice(1) : n);
          }).join('');
          const got = [...new NeedleSet(needles).matches(text)].map((m) => [m.start, m.end] as [number, number]);
          expect(got.sort((a, b) => a[0] - b[0] || b[1] - a[1])).toEqual(naive(text, [...new Set(needles)]));
        },
      ),
      { numRuns: 1000 },
    );
  });
});
