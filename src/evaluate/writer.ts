// Documents written into a policy's Wasm memory as OPA values, from their parsed JSON.
//
// OPA's JSON parser (opa_json_parse) gives every value blocks of its own, each with a 12-byte
// header: a string is a 12-byte value in a 16-byte block and its characters in another, an
// object member a 12-byte element in a 16-byte block beside its key's string. The scan repeats
// few distinct strings (10,216 documents: 391,951 object keys, 1,137 distinct; 256,770 string
// values, 15,651 distinct), so the documents took about 70 MB of each instance for 17 MB of
// JSON. Here the documents are laid out in blocks of up to 1 MiB: every distinct string and number
// once (strings of the type OPA_STRING_INTERNED, which the runtime reads as strings and never
// frees), objects and arrays without block headers. The runtime never frees the data it
// evaluates (only what an evaluation allocates, from a heap reset after each one), so values
// inside a block are safe; the blocks themselves are ordinary allocations.
//
// The layout is the runtime's (wasm/src/value.h of the pinned OPA, 32-bit pointers; values.ts
// reads the same): an object's members go into `hash(key) % n` buckets, each bucket's chain in
// key order, with n the bucket count the runtime's own inserts would have grown to (8, doubled
// whenever the count would pass 0.7 of it). The runtime then finds every key where it looks for
// it and iterates members in the order it would have (the tests compare both on the corpus).
// Written by hand because it is that layout, which no library writes.
import { isWellFormed } from '../well-formed.js';
import { OPA_ARRAY, OPA_BOOLEAN_INTERNED, OPA_NULL, OPA_NUMBER, OPA_OBJECT, OPA_STRING_INTERNED, putString, REPR_INT, STRING_SIZE, ValueReader, type WasmMemory } from './values.js';

const REPR_REF = 2;
const OBJECT_MIN_BUCKETS = 8;
const OBJECT_LOAD_FACTOR = 0.7;

/** A distinct object key: its UTF-8 bytes, the runtime's hash of them, and its string value once written. */
interface Interned {
  bytes: Uint8Array;
  hash: number;
  addr: number;
}

/** The bucket count of an object of `length` members, as the runtime's inserts grow it (__opa_object_grow). */
export function bucketsFor(length: number): number {
  // Each insert doubles the buckets once its count passes the load factor, and the thresholds
  // are far enough apart that no insert doubles them twice: the smallest count that holds them.
  let n = OBJECT_MIN_BUCKETS;
  while (length > n * OBJECT_LOAD_FACTOR) n *= 2;
  return n;
}

/** The runtime's string hash (fnv1a32 in value.c, which multiplies before it mixes each byte in). */
export function stringHash(bytes: Uint8Array): number {
  let hash = 0x811c9dc5;
  for (const b of bytes) hash = (Math.imul(hash, 0x01000193) ^ b) >>> 0;
  return hash;
}

/**
 * A value the writer cannot write exactly as the scan's JSON would read (write gives up on the
 * chunk): what JSON.stringify writes in its own way (`toJSON`, a boxed primitive, an object of
 * a class, a BigInt), or a string that is not well-formed UTF-16 (a key always; a value unless
 * the writer replaces lone surrogates).
 */
class NotWritable extends Error {}

/** Whether this machine stores a 32-bit word's low byte first, as WebAssembly's memory does. */
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/** What JSON.stringify leaves out of an object, and writes as null in an array. */
function absent(v: unknown): boolean {
  return v === undefined || typeof v === 'function' || typeof v === 'symbol';
}

/**
 * The sizes of the blocks the values are laid out in: 64 KiB first, each block twice the one
 * before up to 1 MiB (a larger value takes a block of its own), so that a small scan, or the
 * documents' array alone, leaves little of its last block unused.
 */
const FIRST_REGION_BYTES = 1 << 16;
const REGION_BYTES = 1 << 20;

export class ValueWriter {
  /** Object keys: their bytes and hash, which place them in buckets. */
  private readonly keys = new Map<string, Interned>();
  /** String values: only their value's address (a key's value is shared with them when written first). */
  private readonly texts = new Map<string, number>();
  /** Numbers: their value's address, by number. */
  private readonly numbers = new Map<number, number>();
  /** The array index numbers 0, 1, ... (each array element holds its index as a value). */
  private readonly indexes: number[] = [];
  private readonly constants = { null: 0, true: 0, false: 0 };
  private readonly encoder = new TextEncoder();
  /** The memory's views, and the free part of the current block: [next, end). */
  private view = new DataView(new ArrayBuffer(0));
  private u8 = new Uint8Array(0);
  /** The memory as 32-bit words, for the values' aligned fields (on a little-endian machine, as Wasm's memory is). */
  private words = new Uint32Array(0);
  private next = 0;
  private end = 0;
  /** The size of the current block (the next is twice as large, up to REGION_BYTES). */
  private region = FIRST_REGION_BYTES / 2;
  /** Scratch for an object's bucket chains: the first member of each bucket, the member after each. */
  private heads = new Int32Array(64);
  private after = new Int32Array(64);
  /** The members of the objects being written: keys and their values' addresses, and the stack's top. */
  private readonly keyStack: Interned[] = [];
  private readonly itemStack: number[] = [];
  private top = 0;

  /**
   * With `replaceLoneSurrogates`, a string value that is not well-formed UTF-16 is written with
   * U+FFFD for each lone surrogate, as the scan's JSON spells it (instance.ts unicodeJson) for
   * Go's JSON decoder: for values written from the scan's own objects (direct-load.ts). Without
   * it, the writer gives up on it, as the runtime refuses its JSON escape.
   */
  constructor(
    private memory: WasmMemory,
    private malloc: (bytes: number) => number,
    private readonly replaceLoneSurrogates = false,
  ) {}

  /**
   * Goes on with blocks of `malloc`, in the same memory or another that holds what this writer
   * has written at the same addresses: the values written so far stay shared with what it
   * writes next (direct-load.ts).
   */
  rehome(memory: WasmMemory, malloc: (bytes: number) => number): void {
    this.memory = memory;
    this.malloc = malloc;
    this.next = 0;
    this.end = 0;
  }

  /**
   * Writes the values and returns their addresses; undefined when one cannot be written
   * exactly as the runtime would parse its JSON (NotWritable): what was written of them is
   * then left unused. The values may be JSON.parse's, or plain objects, arrays and primitives
   * of the scan itself, written as their JSON would read: a member that is undefined, a
   * function or a symbol left out, an array item that is one of those or a hole written as
   * null, and so is a number that is not finite.
   */
  write(values: unknown[]): number[] | undefined {
    this.top = 0; // a chunk given up on may have left members on the stack
    this.refresh();
    try {
      if (this.constants.null === 0) {
        this.constants.null = this.alloc(8, 8);
        this.u8[this.constants.null] = OPA_NULL;
        for (const b of [true, false] as const) {
          const at = this.alloc(8, 8);
          this.u8[at] = OPA_BOOLEAN_INTERNED;
          this.u8[at + 1] = b ? 1 : 0;
          this.constants[b ? 'true' : 'false'] = at;
        }
      }
      return values.map((v) => this.value(v));
    } catch (thrown) {
      if (thrown instanceof NotWritable) return undefined;
      throw thrown;
    }
  }

  /** `bytes` of the current block, aligned; a new block (opa_malloc) when they do not fit. */
  private alloc(bytes: number, align: number): number {
    let at = (this.next + align - 1) & ~(align - 1);
    if (at + bytes > this.end) {
      this.region = Math.min(REGION_BYTES, this.region * 2);
      const size = Math.max(this.region, bytes + 8);
      const block = this.malloc(size);
      this.refresh(); // after malloc: it may have grown the memory
      this.next = block;
      this.end = block + size;
      at = (this.next + align - 1) & ~(align - 1);
    }
    this.next = at + bytes;
    return at;
  }

  /** Views of the memory as it is now: it may have grown since they were made (by malloc, or by others between two calls). */
  private refresh(): void {
    const { buffer } = this.memory;
    if (this.u8.buffer !== buffer) {
      this.view = new DataView(buffer);
      this.u8 = new Uint8Array(buffer);
      this.words = new Uint32Array(buffer, 0, buffer.byteLength >>> 2);
    }
  }

  /** A 32-bit field at `at`, a multiple of 4 (every field the writer writes with this is). */
  private u32(at: number, v: number): void {
    if (LITTLE_ENDIAN) this.words[at >>> 2] = v;
    else this.view.setUint32(at, v, true);
  }

  /** An object key: its entry, its string value shared with the string values. */
  private key(s: string): Interned {
    let e = this.keys.get(s);
    if (e === undefined) {
      // Two keys with lone surrogates can read alike once written (below), which an object
      // cannot hold twice: JSON.parse would keep the last.
      if (!isWellFormed(s)) throw new NotWritable();
      const addr = this.text(s);
      const bytes = this.encoder.encode(s);
      e = { bytes, hash: stringHash(bytes), addr };
      this.keys.set(s, e);
    }
    return e;
  }

  /** A string value's address. */
  private text(s: string): number {
    let at = this.texts.get(s);
    if (at === undefined) {
      if (!this.replaceLoneSurrogates && !isWellFormed(s)) throw new NotWritable();
      at = this.newString(s);
      this.texts.set(s, at);
    }
    return at;
  }

  /** Writes a string value (OPA_STRING_INTERNED) and its UTF-8 bytes (a lone surrogate as U+FFFD, the encoder's replacement); its address. */
  private newString(s: string): number {
    const at = this.alloc(STRING_SIZE, 4);
    const room = 3 * s.length; // UTF-8 takes at most three bytes a UTF-16 unit
    const chars = this.alloc(room, 1);
    const { written } = this.encoder.encodeInto(s, this.u8.subarray(chars, chars + room));
    this.next = chars + written; // give back what the text did not take
    putString(this.view, at, OPA_STRING_INTERNED, written, chars);
    return at;
  }

  private index(i: number): number {
    while (this.indexes.length <= i) {
      const at = this.alloc(16, 8);
      this.u8[at] = OPA_NUMBER;
      this.u8[at + 1] = REPR_INT;
      this.view.setBigInt64(at + 8, BigInt(this.indexes.length), true);
      this.indexes.push(at);
    }
    return this.indexes[i] as number;
  }

  private number(v: number): number {
    let at = this.numbers.get(v);
    if (at === undefined) {
      // Its text as in the scan's JSON, which JSON.stringify wrote (ASCII).
      const text = JSON.stringify(v);
      at = this.alloc(24, 8);
      const chars = this.alloc(text.length, 1);
      this.encoder.encodeInto(text, this.u8.subarray(chars, chars + text.length));
      this.u8[at] = OPA_NUMBER;
      this.u8[at + 1] = REPR_REF;
      this.u32(at + 8, chars);
      this.u32(at + 12, text.length);
      this.u8[at + 16] = 0; // not to be freed
      this.numbers.set(v, at);
    }
    return at;
  }

  /**
   * Writes an array of the values at these addresses (values.ts: elements of an index number
   * and a value, the index numbers shared by every array) and returns its address.
   */
  array(items: ArrayLike<number>): number {
    this.refresh();
    return this.arrayOf(items);
  }

  private arrayOf(items: ArrayLike<number>): number {
    const length = items.length;
    if (length > 0) this.index(length - 1); // the index numbers up to the last
    const at = this.alloc(16 + 8 * length, 4);
    const elements = at + 16;
    for (let i = 0; i < length; i++) {
      this.u32(elements + 8 * i, this.indexes[i] as number);
      this.u32(elements + 8 * i + 4, items[i] as number);
    }
    this.u8[at] = OPA_ARRAY;
    this.u32(at + 4, elements);
    this.u32(at + 8, length);
    this.u32(at + 12, length);
    return at;
  }

  /** Writes a value and returns its address. */
  private value(v: unknown): number {
    if (typeof v === 'string') return this.text(v);
    if (typeof v === 'number') return Number.isFinite(v) ? this.number(v) : this.constants.null;
    if (typeof v === 'boolean') return v ? this.constants.true : this.constants.false;
    if (v === null) return this.constants.null;
    // A BigInt (undefined, functions and symbols are their holders' to leave out), or a value
    // JSON.stringify writes through its toJSON.
    if (typeof v !== 'object' || typeof (v as { toJSON?: unknown }).toJSON === 'function') throw new NotWritable();
    if (Array.isArray(v)) {
      const items = new Array<number>(v.length);
      for (let i = 0; i < v.length; i++) {
        const item: unknown = v[i];
        items[i] = absent(item) ? this.constants.null : this.value(item);
      }
      return this.arrayOf(items);
    }
    // A plain object, as JSON.parse makes them: its own enumerable members are all for..in meets.
    const proto: unknown = Object.getPrototypeOf(v);
    if (proto !== Object.prototype && proto !== null) throw new NotWritable();
    // The members on a stack shared by every object being written (a member's value is written
    // first, and pushes and pops its own members above this object's).
    const o = v as Record<string, unknown>;
    const base = this.top;
    for (const k in o) {
      const member = o[k];
      if (absent(member)) continue;
      const key = this.key(k);
      const item = this.value(member);
      this.keyStack[this.top] = key;
      this.itemStack[this.top++] = item;
    }
    const count = this.top - base;
    this.top = base;
    const keys = this.keyStack;
    const n = bucketsFor(count);
    if (this.heads.length < n) this.heads = new Int32Array(n);
    if (this.after.length < count) this.after = new Int32Array(count);
    const { heads, after } = this;
    heads.fill(-1, 0, n);
    // Each bucket's chain in the runtime's key order (opa_value_compare_string: bytes unsigned, a prefix first).
    for (let i = 0; i < count; i++) {
      const key = keys[base + i] as Interned;
      const bucket = key.hash % n;
      let prev = -1;
      let cur = heads[bucket] as number;
      while (cur !== -1 && Buffer.compare((keys[base + cur] as Interned).bytes, key.bytes) < 0) {
        prev = cur;
        cur = after[cur] as number;
      }
      after[i] = cur;
      if (prev === -1) heads[bucket] = i;
      else after[prev] = i;
    }
    const at = this.alloc(16 + 4 * n + 12 * count, 4);
    const buckets = at + 16;
    const elements = buckets + 4 * n;
    for (let b = 0; b < n; b++) {
      const first = heads[b] as number;
      this.u32(buckets + 4 * b, first === -1 ? 0 : elements + 12 * first);
    }
    for (let i = 0; i < count; i++) {
      const e = elements + 12 * i;
      const following = after[i] as number;
      this.u32(e, (keys[base + i] as Interned).addr);
      this.u32(e + 4, this.itemStack[base + i] as number);
      this.u32(e + 8, following === -1 ? 0 : elements + 12 * following);
    }
    this.u8[at] = OPA_OBJECT;
    this.u32(at + 4, buckets);
    this.u32(at + 8, n);
    this.u32(at + 12, count);
    return at;
  }
}

/**
 * The JSON of an object whose layout shows whether the writer places keys as a runtime does:
 * enough keys to grow its buckets three times, prefixes, case, digits and characters of one to
 * four UTF-8 bytes, and values of every kind.
 */
export const PROBE_JSON = JSON.stringify(
  Object.fromEntries(
    ['ab', 'a', 'b', 'B', '0', '', '_', 'é', 'ü', '€', '😀', ...Array.from({ length: 40 }, (_, i) => `k${i}`)].map((k, i) => [
      k,
      [i, `v${i}`, i % 2 === 0, null, { [k]: [1.5] }][i % 5],
    ]),
  ),
);

/**
 * Whether the object at `written` (the writer's) and the one at `parsed` (the runtime's parse of
 * the same JSON) have the same bucket count and iterate the same members in the same order:
 * checked on PROBE_JSON before the writer is trusted with an instance, so that a runtime
 * whose layout differs gets its own parse rather than values it would misread.
 */
export function sameLayout(memory: WasmMemory, written: number, parsed: number): boolean {
  const reader = new ValueReader(memory);
  try {
    if (reader.type(written) !== OPA_OBJECT || reader.type(parsed) !== OPA_OBJECT || reader.u32(written + 8) !== reader.u32(parsed + 8)) return false;
    return JSON.stringify(reader.toJS(written)) === JSON.stringify(reader.toJS(parsed));
  } catch {
    return false;
  }
}
