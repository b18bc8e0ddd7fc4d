// The size classes of OPA's Wasm allocator, set in the compiled policy (a build step).
//
// OPA's runtime (wasm/src/malloc.c) keeps free lists of fixed-size blocks of 4, 8, 16 and 64
// bytes, and one address-ordered list for anything larger. An allocation of 17 to 64 bytes
// takes a 64-byte block: every object's bucket array (8 pointers, 32 bytes) and every string
// of 17 to 64 characters. The classes are data the runtime reads at every malloc and free
// (`heap_free` and `heap_stash`, two arrays of five `struct heap_blocks` in the data section),
// so they can be set without touching its code: 8, 16, 32 and 64 bytes hold the scan of
// 10,216 documents in 114 MB instead of 130 MB of each instance's memory (docs/performance.md).
// Allocations of 1 to 4 bytes (booleans, strings of up to 4 characters) take 8 instead of 4.
//
// Done on the bytes because no tool edits a Wasm data segment in place short of a full
// rewrite (binaryen would re-encode the whole module); the layout is checked exactly, and an
// OPA whose runtime differs fails the build rather than being patched blindly.
import { sections } from './wasm-sections.mjs';

/** The classes OPA ships, and the ones the build sets (the last list is the variable one). */
export const OPA_CLASSES = [4, 8, 16, 64];
export const CLASSES = [8, 16, 32, 64];
/** `struct heap_blocks` on wasm32: fixed_size (bool, padded to 4), size, start and end blocks (12 bytes each). */
const STRUCT = 32;
const VARIABLE_MIN = 128;

/** The 160 bytes of one `heap_blocks[5]` array with the given classes, as the data section holds it. */
function freeLists(classes) {
  const out = new Uint8Array(STRUCT * (classes.length + 1));
  const view = new DataView(out.buffer);
  [...classes, VARIABLE_MIN].forEach((size, i) => {
    view.setUint8(i * STRUCT, i < classes.length ? 1 : 0);
    view.setUint32(i * STRUCT + 4, size, true);
  });
  return out;
}

/** [start, end) of the module's data section (id 11). */
function dataSection(bytes) {
  const data = sections(bytes).find((s) => s.id === 11);
  if (!data) throw new Error('the module has no data section');
  return [data.body, data.end];
}

/**
 * Where the module's data section holds the two free-list arrays with `classes`: their
 * offsets when it holds them exactly twice, side by side (heap_free, then heap_stash); and how
 * many it found.
 */
function freeListsAt(bytes, classes) {
  const [from, to] = dataSection(bytes);
  const pattern = freeLists(classes);
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const hits = [];
  for (let at = buf.indexOf(pattern, from); at >= 0 && at + pattern.length <= to; at = buf.indexOf(pattern, at + 1)) hits.push(at);
  const paired = hits.length === 2 && hits[1] - hits[0] === pattern.length;
  return { offsets: paired ? hits : undefined, found: hits.length };
}

/** The size classes the module's allocator uses, or undefined when its layout is not OPA's. */
export function sizeClasses(bytes) {
  return [CLASSES, OPA_CLASSES].find((classes) => freeListsAt(bytes, classes).offsets !== undefined);
}

/**
 * A copy of the module with the allocator's size classes set to `classes` (CLASSES). Throws
 * when the module does not hold the two free-list arrays with the `shipped` classes (OPA's),
 * once each and side by side. (The tests set OPA's classes back to compare the two.)
 */
export function withSizeClasses(bytes, classes = CLASSES, shipped = OPA_CLASSES) {
  const { offsets, found } = freeListsAt(bytes, shipped);
  if (!offsets) {
    throw new Error(`expected OPA's allocator free lists (classes ${shipped.join(', ')}) twice, side by side, in the data section; found ${found}. ` +
      'The OPA version changed its Wasm runtime: check wasm/src/malloc.c of that version and update scripts/wasm-heap.mjs.');
  }
  const out = Uint8Array.from(bytes);
  const wanted = freeLists(classes);
  for (const at of offsets) out.set(wanted, at);
  return out;
}
