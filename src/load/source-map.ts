// Positions of a parsed YAML document, and the lookup from a field path to an offset.
//
// The parser (yaml.ts) records one Frame per node it composes: where the node starts and
// ends, its kind and its value. Frames are paired with keys and items only when a finding
// asks for a line, so documents without findings cost nothing more.
//
// js-yaml reports every node it *tries* to compose, so the raw frame tree has two kinds of
// noise that are removed here: a wrapper frame around a node read as a possible mapping key
// that turned out to be a value, and one empty frame at the end of a block mapping (the
// attempt to read one more key). Every pairing is checked against the mapping's value, so a
// frame layout we do not understand yields a coarser location, never a wrong one.
import type { FieldPath } from '../model.js';

export interface Frame {
  start: number;
  end: number;
  kind: string | null;
  result: unknown;
  children: Frame[];
}

interface Paired {
  keys?: Map<string, { keyStart: number; frame: Frame }>;
  items?: Frame[];
}

const paired = new WeakMap<Frame, Paired>();

function unwrap(frame: Frame): Frame {
  let f = frame;
  while (f.children.length === 1) {
    const only = f.children[0] as Frame;
    if (only.kind !== f.kind || only.result !== f.result) break;
    f = only;
  }
  return f;
}

function pair(frame: Frame): Paired {
  const cached = paired.get(frame);
  if (cached) return cached;
  const out: Paired = {};
  const result = frame.result;
  if (frame.kind === 'mapping' && result !== null && typeof result === 'object') {
    const keys = new Map<string, { keyStart: number; frame: Frame }>();
    const children = frame.children;
    for (let i = 0; i + 1 < children.length; i += 2) {
      const keyFrame = unwrap(children[i] as Frame);
      const valueFrame = unwrap(children[i + 1] as Frame);
      if (keyFrame.kind !== 'scalar') break;
      const key = String(keyFrame.result);
      if (key === '<<') continue; // merge key: the merged entries live at the anchor
      if (!Object.prototype.hasOwnProperty.call(result, key)) break;
      keys.set(key, { keyStart: keyFrame.start, frame: valueFrame });
    }
    out.keys = keys;
  } else if (frame.kind === 'sequence' && Array.isArray(result)) {
    out.items = frame.children.slice(0, result.length).map(unwrap);
  }
  paired.set(frame, out);
  return out;
}

export interface Resolved {
  /** Offset to report: the key of a mapping entry, or the start of an item or node. */
  offset: number;
  /** Where the resolved node ends. */
  endOffset: number;
  /** How many path steps were found; less than path.length when the field is absent. */
  depth: number;
}

/** Resolves a path to the deepest node that exists (the nearest ancestor of an absent field). */
export function resolvePath(root: Frame, path: FieldPath): Resolved {
  let frame = unwrap(root);
  let offset = frame.start;
  let depth = 0;
  for (const step of path) {
    const p = pair(frame);
    if (typeof step === 'number') {
      const item = p.items?.[step];
      if (!item) break;
      frame = item;
      offset = item.start;
    } else {
      const entry = p.keys?.get(step);
      if (!entry) break;
      frame = entry.frame;
      offset = entry.keyStart;
    }
    depth++;
  }
  return { offset, endOffset: frame.end, depth };
}

/** Line starts of a text, for offset -> line/column. Built once per file. */
export class LineIndex {
  private readonly starts: number[];

  constructor(text: string) {
    const starts = [0];
    let i = text.indexOf('\n');
    while (i !== -1) {
      starts.push(i + 1);
      i = text.indexOf('\n', i + 1);
    }
    this.starts = starts;
  }

  get lineCount(): number {
    return this.starts.length;
  }

  /** 1-based line and column of an offset. */
  position(offset: number): { line: number; column: number } {
    const starts = this.starts;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((starts[mid] ?? 0) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - (starts[lo] ?? 0) + 1 };
  }
}
