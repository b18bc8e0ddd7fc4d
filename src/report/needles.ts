// Finding many known strings in a text at once. The gate scrubs every output of every secret
// value of the scan; a scan of thousands of documents knows hundreds of such values, and one
// `includes` per value per text made that quadratic. This is a Wu–Manber search over each
// value's first WINDOW characters: one pass over the text whatever the number of values, which
// skips ahead by up to WINDOW - 1 characters wherever the last two characters of the window
// occur in no value (most of a report), and hashes the window only where they do.
// Written by hand: the npm Aho–Corasick packages are unmaintained, and this needs only
// exact, case-sensitive matching of strings that are at least WINDOW characters long.

/** The shortest string a NeedleSet can hold (the scrubber never replaces shorter values). */
export const WINDOW = 8;
const BASE = 257;
const FILTER_SIZE = 1 << 16;
const FILTER_MASK = FILTER_SIZE - 1;
/** The farthest the search can skip: a window whose last two characters begin no needle. */
const MAX_SHIFT = WINDOW - 1;
/**
 * Up to this many needles, one native indexOf pass per needle beats the table search below
 * (on a 45 MB report: one needle 20 ms against 55 ms, four about even, sixteen 154 ms against
 * 36 ms; the table search stays near 50 ms for a thousand).
 */
const FEW = 3;

/** A slot for two adjacent characters (exact for Latin-1; other pairs may share a slot). */
function gramOf(a: number, b: number): number {
  return ((a << 8) ^ b) & FILTER_MASK;
}

function hashAt(text: string, at: number): number {
  let h = 0;
  for (let i = at; i < at + WINDOW; i++) h = (Math.imul(h, BASE) + text.charCodeAt(i)) | 0;
  return h;
}

export interface Match {
  start: number;
  end: number;
  needle: string;
}

export class NeedleSet {
  /** Needles by the hash of their first WINDOW characters, longest first. */
  private readonly byHash = new Map<number, string[]>();
  /** The low bits of every needle's hash: most windows of a text are ruled out without a lookup. */
  private readonly filter = new Uint8Array(FILTER_SIZE);
  /** Every needle, longest first. */
  private readonly all: string[] = [];
  /**
   * By the two characters that end a window (gramOf): how far the window can move before those
   * characters could sit inside a needle's first WINDOW characters. 0: a needle may start here.
   */
  private readonly shift = new Uint8Array(FILTER_SIZE).fill(MAX_SHIFT);

  constructor(needles: Iterable<string>) {
    for (const n of new Set(needles)) {
      if (n.length < WINDOW) throw new RangeError(`a needle must have at least ${WINDOW} characters`);
      const h = hashAt(n, 0);
      const list = this.byHash.get(h);
      if (list) list.push(n);
      else this.byHash.set(h, [n]);
      this.filter[h & FILTER_MASK] = 1;
      this.all.push(n);
      // The pair ending at offset q of the needle lines up with the window's last pair once
      // the window moves WINDOW - 1 - q further; pairs that share a slot keep the smallest move.
      for (let q = 1; q < WINDOW; q++) {
        const g = gramOf(n.charCodeAt(q - 1), n.charCodeAt(q));
        this.shift[g] = Math.min(this.shift[g] ?? MAX_SHIFT, MAX_SHIFT - q);
      }
    }
    this.all.sort((a, b) => b.length - a.length);
    for (const list of this.byHash.values()) list.sort((a, b) => b.length - a.length);
  }

  /** Every occurrence of every needle, by start (the longest needle first at one start). */
  matches(text: string): Match[] {
    const found: Match[] = [];
    this.each(text, (start, needle) => found.push({ start, end: start + needle.length, needle }));
    return found;
  }

  /** Calls `hit` for every occurrence, by start (the longest needle first at one start). */
  private each(text: string, hit: (start: number, needle: string) => void): void {
    if (this.byHash.size === 0 || text.length < WINDOW) return;
    if (this.all.length <= FEW) {
      const found: Array<[number, string]> = [];
      for (const needle of this.all) {
        for (let at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + 1)) found.push([at, needle]);
      }
      // By start; at one start the longest first (`all` is longest first and the sort is stable).
      found.sort((a, b) => a[0] - b[0]);
      for (const [at, needle] of found) hit(at, needle);
      return;
    }
    const { filter, shift } = this;
    const last = text.length - WINDOW;
    for (let i = 0; i <= last; ) {
      const move = shift[gramOf(text.charCodeAt(i + MAX_SHIFT - 1), text.charCodeAt(i + MAX_SHIFT))] ?? 0;
      if (move > 0) {
        i += move;
        continue;
      }
      const h = hashAt(text, i);
      if (filter[h & FILTER_MASK] === 1) {
        const candidates = this.byHash.get(h);
        if (candidates) for (const needle of candidates) if (text.startsWith(needle, i)) hit(i, needle);
      }
      i++;
    }
  }

  /**
   * The text with every occurrence replaced. Overlapping or adjacent occurrences are replaced
   * as one span (no part of either survives), by the replacement of the longest needle in it.
   */
  replace(text: string, replacement: (needle: string) => string): string {
    let out = '';
    let last = 0;
    let span: { start: number; end: number; needle: string } | undefined;
    const flush = () => {
      if (!span) return;
      out += text.slice(last, span.start) + replacement(span.needle);
      last = span.end;
      span = undefined;
    };
    this.each(text, (start, needle) => {
      const end = start + needle.length;
      if (span && start <= span.end) {
        if (end > span.end) span.end = end;
        if (needle.length > span.needle.length) span.needle = needle;
        return;
      }
      flush();
      span = { start, end, needle };
    });
    flush();
    return last === 0 ? text : out + text.slice(last);
  }
}
