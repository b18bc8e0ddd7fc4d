// Positions of a parsed YAML document, and the lookup from a field path to an offset.
//
// The parser (yaml.ts) records every node it composes in a FrameTable: where the node starts
// and ends, and its kind. Nodes are paired with keys and items only when a finding asks for a
// line, so documents without findings cost nothing more. The table keeps no parsed values and
// no text: a lookup walks the document's value beside the frames, and a scalar's key is the
// number of its String() in the scan's table of scalars (yaml.ts), so the table is a few typed
// arrays, which the garbage collector does not walk, and the file's text can go once parsed.
//
// js-yaml reports every node it *tries* to compose, so the raw frame tree has two kinds of
// noise that are removed here: a wrapper frame around a node read as a possible mapping key
// that turned out to be a value (marked while parsing, when the two still share their value),
// and one empty frame at the end of a block mapping (the attempt to read one more key). Every
// pairing is checked against the mapping's value, so a frame layout we do not understand
// yields a coarser location, never a wrong one.
import type { FieldPath } from '../model.js';

const NULL_KIND = 0;
const SCALAR = 1;
const MAPPING = 2;
const SEQUENCE = 3;
/** A node's kind as FrameTable.closeNode takes it. */
export const NodeKind = { null: NULL_KIND, scalar: SCALAR, mapping: MAPPING, sequence: SEQUENCE } as const;
export type NodeKind = (typeof NodeKind)[keyof typeof NodeKind];
const KINDS: Record<string, number> = { scalar: SCALAR, mapping: MAPPING, sequence: SEQUENCE };
const KIND_BITS = 3;
const WRAPPER = 4;
/** A scalar without children whose `after` slot holds its key (see FrameTable.keyOf). */
const KEYED = 8;

/** A frame table's arrays while its text is parsed. */
interface Columns {
  start: Int32Array;
  end: Int32Array;
  after: Int32Array;
  flags: Uint8Array;
}

/**
 * The arrays the last table parsed into, for the next: each table keeps copies of the size it
 * needed, and one set of working arrays serves every parse. Allocating working arrays per text
 * (sized to it, then cut to size) left the freed ones scattered between the kept copies in the
 * allocator's heap, which kept their pages: 45 MB of it at 10,216 documents for 17 MB of tables.
 */
let spare: Columns | undefined;

/** Lets go of the working arrays (once a scan's inputs are parsed). */
export function releaseColumns(): void {
  spare = undefined;
}

function columns(capacity: number): Columns {
  const taken = spare;
  if (taken && taken.start.length >= capacity) {
    spare = undefined;
    return taken;
  }
  return { start: new Int32Array(capacity), end: new Int32Array(capacity), after: new Int32Array(capacity), flags: new Uint8Array(capacity) };
}

/**
 * The nodes of one parsed text, in the order js-yaml opened them, in flat typed arrays
 * (13 bytes a node; an object per node cost seven times that, and a tenth of a scan's parse
 * time in garbage collection). Nodes are opened in document order, so a node's descendants are
 * the nodes after it up to `after`, the first node opened once it had closed: its first child
 * is the next node, and each child's `after` is its next sibling.
 */
export class FrameTable {
  size = 0;
  private start: Int32Array;
  private end: Int32Array;
  private after: Int32Array;
  /**
   * The node's kind (bits 0-1); 4 for a wrapper frame: its only child has its kind and its
   * value; 8 for a scalar without children: its `after` is implied (the next node), and the slot
   * holds the scalar's key instead, an index into `keys`.
   */
  private flags: Uint8Array;
  /** The nodes' values while parsing (to mark wrappers); dropped by trim(). */
  private results: unknown[] = [];
  /** Pairings computed so far, by node (only for nodes a lookup went through). */
  readonly paired = new Map<number, Paired>();

  constructor(
    capacity = 256,
    /**
     * The String() of every scalar value of the scan, by key number (yaml.ts): what the parser
     * made a key of, whatever its spelling (`8080`, `yes`, `"a\x41"`, `!!str 1`).
     */
    private readonly keys: readonly string[] = [],
  ) {
    ({ start: this.start, end: this.end, after: this.after, flags: this.flags } = columns(capacity));
  }

  private grow(): void {
    const n = this.start.length * 2;
    const resize = <T extends Int32Array | Uint8Array>(a: T): T => {
      const b = new (a.constructor as new (n: number) => T)(n);
      b.set(a);
      return b;
    };
    this.start = resize(this.start);
    this.end = resize(this.end);
    this.after = resize(this.after);
    this.flags = resize(this.flags);
  }

  /**
   * A node opens at `offset`, inside the nodes open now (its parent is the innermost). Nodes
   * close in the reverse order they opened (close()).
   */
  open(offset: number): number {
    if (this.size === this.start.length) this.grow();
    const i = this.size++;
    this.start[i] = offset;
    this.flags[i] = 0; // the arrays may hold an earlier text's nodes
    return i;
  }

  /**
   * A node closes (its children have): its end, kind and value, and for a scalar the number of
   * its String() in `keys` (-1: none).
   */
  close(i: number, offset: number, kind: string | null, result: unknown, key = -1): void {
    this.end[i] = offset;
    this.after[i] = this.size;
    const k = kind === null ? NULL_KIND : (KINDS[kind] ?? NULL_KIND);
    this.results[i] = result;
    const only = this.onlyChild(i);
    let flags = k | (only !== -1 && this.kindOf(only) === k && this.results[only] === result ? WRAPPER : 0);
    if (k === SCALAR && key >= 0 && this.size === i + 1) {
      this.after[i] = key;
      flags |= KEYED;
    }
    this.flags[i] = flags;
  }

  /**
   * close() for a reader that makes no wrapper frames (fast-yaml.ts), keeping no values. A
   * scalar with a key (its number in `keys`) has no children, so it may close after later nodes
   * opened.
   */
  closeNode(i: number, offset: number, kind: NodeKind, key: number): void {
    this.end[i] = offset;
    if (kind === SCALAR && key >= 0) {
      this.after[i] = key;
      this.flags[i] = SCALAR | KEYED;
    } else {
      this.after[i] = this.size;
      this.flags[i] = kind;
    }
  }

  /** Forgets every node (a parse given up on, to be parsed again into the same table). */
  reset(): void {
    this.size = 0;
    this.results = [];
  }

  /** The first node opened once node i had closed. */
  private next(i: number): number {
    return (this.flags[i] as number) & KEYED ? i + 1 : (this.after[i] as number);
  }

  /** Drops the spare capacity and the values once the text is parsed. */
  trim(): void {
    spare = { start: this.start, end: this.end, after: this.after, flags: this.flags };
    this.start = this.start.slice(0, this.size);
    this.end = this.end.slice(0, this.size);
    this.after = this.after.slice(0, this.size);
    this.flags = this.flags.slice(0, this.size);
    this.results = [];
  }

  startOf(i: number): number {
    return this.start[i] as number;
  }

  endOf(i: number): number {
    return this.end[i] as number;
  }

  kindOf(i: number): number {
    return (this.flags[i] as number) & KIND_BITS;
  }

  /** Whether the node is a wrapper frame around its only child (the same kind and value). */
  isWrapper(i: number): boolean {
    return ((this.flags[i] as number) & WRAPPER) !== 0;
  }

  children(i: number): number[] {
    const out: number[] = [];
    const end = this.next(i);
    for (let c = i + 1; c < end; c = this.next(c)) out.push(c);
    return out;
  }

  /** The only child of a node, or -1 when it has none or several. */
  onlyChild(i: number): number {
    const c = i + 1;
    const end = this.next(i);
    return c < end && this.next(c) === end ? c : -1;
  }

  /**
   * A scalar as a mapping key: the String() of the value the parser read (`1` and `yes` are
   * the keys "1" and "true"). Undefined for any other node: the lookup then stops at the mapping.
   */
  keyOf(i: number): string | undefined {
    return (this.flags[i] as number) & KEYED ? this.keys[this.after[i] as number] : undefined;
  }
}

/** A node of a parsed text: where a document (or a value in it) starts, for line lookups. */
export interface Frame {
  table: FrameTable;
  index: number;
  /** The document's value, which a lookup walks beside the frames. */
  value: unknown;
}


interface Paired {
  keys?: Map<string, { keyStart: number; node: number }>;
  items?: number[];
}

function unwrap(t: FrameTable, node: number): number {
  let i = node;
  while (t.isWrapper(i)) i = t.onlyChild(i);
  return i;
}

/** The keys and items of a node whose value is `value`. */
function pair(t: FrameTable, node: number, value: unknown): Paired {
  const cached = t.paired.get(node);
  if (cached) return cached;
  const out: Paired = {};
  const kind = t.kindOf(node);
  if (kind === MAPPING && value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const keys = new Map<string, { keyStart: number; node: number }>();
    const children = t.children(node);
    for (let i = 0; i + 1 < children.length; i += 2) {
      const keyNode = unwrap(t, children[i] as number);
      const valueNode = unwrap(t, children[i + 1] as number);
      if (t.kindOf(keyNode) !== SCALAR) break;
      const key = t.keyOf(keyNode);
      if (key === '<<') continue; // merge key: the merged entries live at the anchor
      if (key === undefined || !Object.prototype.hasOwnProperty.call(value, key)) break;
      keys.set(key, { keyStart: t.startOf(keyNode), node: valueNode });
    }
    out.keys = keys;
  } else if (kind === SEQUENCE && Array.isArray(value)) {
    out.items = t.children(node).slice(0, value.length).map((c) => unwrap(t, c));
  }
  t.paired.set(node, out);
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
  const t = root.table;
  let node = unwrap(t, root.index);
  let value = root.value;
  let offset = t.startOf(node);
  let depth = 0;
  for (const step of path) {
    const p = pair(t, node, value);
    if (typeof step === 'number') {
      const item = p.items?.[step];
      if (item === undefined) break;
      node = item;
      offset = t.startOf(item);
    } else {
      const entry = p.keys?.get(step);
      if (!entry) break;
      node = entry.node;
      offset = entry.keyStart;
    }
    value = (value as Record<string | number, unknown>)[step];
    depth++;
  }
  return { offset, endOffset: t.endOf(node), depth };
}

/** Line starts of a text, for offset -> line/column. Built once per file. */
export class LineIndex {
  /** Offsets where lines start; a typed array, outside the heap the garbage collector walks. */
  private readonly starts: Int32Array;

  constructor(text: string) {
    let lines = 1;
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lines++;
    const starts = new Int32Array(lines);
    let n = 1;
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts[n++] = i + 1;
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
