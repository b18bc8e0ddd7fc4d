// A value an evaluation built, copied out from among the garbage of that evaluation.
//
// The pod carriers (rego/lib/shared.rego `refs`) are built by one evaluation and kept in the
// data as that value, since they point at the documents (instance.ts graftRefs). The heap every
// later evaluation starts from then had to go above everything the evaluation allocated: 7.1 MB
// at 10,216 documents, of which the carriers are 1.7 MB. Here the value is copied, node by node,
// into one block in the order it is reached: every node the evaluation allocated (inside
// [from, to)) is copied with its pointers moved to the copies; anything below `from` (the
// documents, the module's constants) is pointed at as it is. The nodes are copied as they are,
// buckets and chains included, so every lookup and iteration finds what it found before.
//
// The layouts are the runtime's (wasm/src/value.h of the pinned OPA, 32-bit pointers; values.ts
// describes them). Written by hand because it is that layout, which no library moves. Anything
// else (an unknown type, a pointer outside the memory, a walk that does not end) throws an
// OpaLayoutError, and the caller keeps the value where it is.
import {
  OPA_ARRAY, OPA_BOOLEAN, OPA_BOOLEAN_INTERNED, OPA_NULL, OPA_NUMBER, OPA_OBJECT, OPA_SET, OPA_STRING, OPA_STRING_INTERNED, OpaLayoutError, type WasmMemory,
} from './values.js';

const REPR_REF = 2;

/** What a copy needs: the memory, and an allocation of one block of it (opa_malloc). */
export interface CompactTarget {
  memory: WasmMemory;
  malloc(bytes: number): number;
}

/** A node to copy: where it is, and where its copy goes (an offset in the block). */
interface Pending {
  from: number;
  to: number;
}

/**
 * Copies the value at `root` into one block allocated after `prepare()` has run (which resets
 * the heap to `from`, so the block takes the place of the garbage) and returns the copy's
 * address. Nodes in [from, to) are copied; others are pointed at. The copy is laid out in a
 * scratch buffer first, since its block may overlap the nodes it copies.
 */
export function compactValue(target: CompactTarget, root: number, from: number, to: number, prepare: () => void): number {
  const src = new Uint8Array(target.memory.buffer);
  const view = new DataView(target.memory.buffer);
  const inside = (a: number) => a >= from && a < to;
  const u32 = (a: number): number => {
    if (a <= 0 || a + 4 > src.length) throw new OpaLayoutError(`address ${a} is outside the memory`);
    return view.getUint32(a, true);
  };
  // The copy, laid out at offsets from the block's start: never larger than the region, whose
  // blocks each had a header too (and up to 7 bytes of padding a node for alignment).
  let scratch = new Uint8Array(Math.max(64, to - from));
  let out = new DataView(scratch.buffer);
  // Offset 0 stays unused: a placed 0 is a null pointer.
  let size = 8;
  const reserve = (bytes: number, align: number): number => {
    size = (size + align - 1) & -align;
    const at = size;
    size += bytes;
    if (size > scratch.length) {
      const bigger = new Uint8Array(Math.max(size, scratch.length * 2));
      bigger.set(scratch);
      scratch = bigger;
      out = new DataView(scratch.buffer);
    }
    return at;
  };
  const copies = new Map<number, number>();
  const queue: Pending[] = [];
  // Bounds the walk: each node is copied once, and a region holds at most one node per 8 bytes.
  let budget = (to - from) / 8 + 1;
  /** Where the copy of the node at `a` goes (an offset, or for a node outside, its address, negated minus 1). */
  const place = (a: number): number => {
    if (a === 0) return 0;
    if (!inside(a)) return -a - 1;
    const known = copies.get(a);
    if (known !== undefined) return known;
    if (--budget < 0) throw new OpaLayoutError('the value does not end: not an OPA value layout');
    const type = src[a];
    const bytes = type === OPA_NUMBER ? 24 : type === OPA_STRING || type === OPA_STRING_INTERNED ? 12 : type === OPA_ARRAY || type === OPA_OBJECT || type === OPA_SET ? 16 : 2;
    if (type === undefined || type < OPA_NULL || type > OPA_BOOLEAN_INTERNED) throw new OpaLayoutError(`no OPA value at ${a}`);
    const at = reserve(bytes, 8);
    copies.set(a, at);
    queue.push({ from: a, to: at });
    return at;
  };
  /** A copy of `length` bytes at `a` (a string's or a number's text), or its address when outside. */
  const blob = (a: number, length: number): number => {
    if (!inside(a) || length === 0) return -a - 1;
    if (a + length > src.length) throw new OpaLayoutError(`bytes at ${a} run past the memory`);
    const at = reserve(length, 1);
    scratch.set(src.subarray(a, a + length), at);
    return at;
  };
  // Pointers are written once the block's address is known: (offset in scratch, placed value).
  const pointers: number[] = [];
  const pointer = (field: number, placed: number) => void pointers.push(field, placed);

  const top = place(root);
  if (top < 0) return root;
  for (let q = 0; q < queue.length; q++) {
    const { from: a, to: at } = queue[q] as Pending;
    const type = src[a] as number;
    scratch[at] = type;
    switch (type) {
      case OPA_NULL:
        break;
      case OPA_BOOLEAN:
      case OPA_BOOLEAN_INTERNED:
        scratch[at + 1] = src[a + 1] as number;
        break;
      case OPA_NUMBER: {
        scratch.set(src.subarray(a, a + 24), at);
        if (src[a + 1] === REPR_REF) {
          pointer(at + 8, blob(u32(a + 8), u32(a + 12)));
          scratch[at + 16] = 0; // its text is in the block, never to be freed on its own
        }
        break;
      }
      case OPA_STRING:
      case OPA_STRING_INTERNED: {
        scratch.set(src.subarray(a, a + 12), at);
        if (type === OPA_STRING) scratch[at + 1] = 0; // its bytes are in the block, never to be freed on their own
        pointer(at + 8, blob(u32(a + 8), u32(a + 4)));
        break;
      }
      case OPA_ARRAY: {
        const elems = u32(a + 4);
        const len = u32(a + 8);
        if (len > budget * 8) throw new OpaLayoutError(`an array at ${a} is longer than the memory`);
        const copy = reserve(8 * len, 4);
        out.setUint32(at + 8, len, true);
        out.setUint32(at + 12, len, true); // capacity: nothing appends to data
        pointer(at + 4, len === 0 && !inside(elems) ? -elems - 1 : copy);
        for (let i = 0; i < len; i++) {
          pointer(copy + 8 * i, place(u32(elems + 8 * i)));
          pointer(copy + 8 * i + 4, place(u32(elems + 8 * i + 4)));
        }
        break;
      }
      case OPA_OBJECT:
      case OPA_SET: {
        // Each bucket's chain copied in order: (key, value, next) or (value, next).
        const object = type === OPA_OBJECT;
        const width = object ? 12 : 8;
        const next = object ? 8 : 4;
        const buckets = u32(a + 4);
        const n = u32(a + 8);
        const len = u32(a + 12);
        if (n > budget * 8 || len > budget * 8) throw new OpaLayoutError(`a collection at ${a} is larger than the memory`);
        const table = reserve(4 * n, 4);
        out.setUint32(at + 8, n, true);
        out.setUint32(at + 12, len, true);
        pointer(at + 4, table);
        let seen = 0;
        for (let b = 0; b < n; b++) {
          let link = table + 4 * b;
          for (let e = u32(buckets + 4 * b); e !== 0; e = u32(e + next)) {
            if (++seen > len) throw new OpaLayoutError(`a collection at ${a} holds more than its length`);
            const copy = reserve(width, 4);
            pointer(link, copy);
            pointer(copy, place(u32(e)));
            if (object) pointer(copy + 4, place(u32(e + 4)));
            link = copy + next;
          }
          pointer(link, 0);
        }
        if (seen !== len) throw new OpaLayoutError(`a collection at ${a} holds ${seen} elements, not ${len}`);
        break;
      }
      default:
        throw new OpaLayoutError(`no OPA value at ${a}`);
    }
  }
  // The block, 8-aligned, where the garbage was; then the copy written into it.
  prepare();
  const raw = target.malloc(size + 8);
  const block = (raw + 7) & -8;
  for (let p = 0; p < pointers.length; p += 2) {
    const placed = pointers[p + 1] as number;
    out.setUint32(pointers[p] as number, placed === 0 ? 0 : placed < 0 ? -placed - 1 : block + placed, true);
  }
  new Uint8Array(target.memory.buffer).set(scratch.subarray(0, size), block);
  return block + top;
}
