// Loading the scan's documents on both evaluation threads at once, half each.
//
// Each thread wrote all the documents into its own instance (writer.ts): about half a second
// of each thread at 10,000 documents, most of it JSON.parse of the documents and writing their
// values. Here each thread writes only its half, into shared memory both threads see (the
// scratch), at the addresses the values will have in the instances: the first half's range
// starts at `base`, above everything the loading had allocated (the same address in both
// instances, which start alike), and the second half's range follows it. The values of a half
// point only into its own range (its strings, numbers, constants and array indexes are its
// own), so once both halves are written each thread copies both ranges from the scratch into
// its instance, where they mean what they meant in the scratch. The threads say when their
// half is written and where its documents are (`exchange`). A range is a bound on what its
// half can take (writer.ts takes about 1.6 bytes per byte of JSON); the parts of the scratch
// and of the instances that no half reaches are never written, so never resident. Whatever
// goes wrong (a half that does not fit, a chunk the writer cannot write exactly, a thread that
// says nothing, threads that do not agree on the ranges) leaves the documents concerned to the
// thread that lacks them, written as if there were no split.
import { ValueWriter } from './writer.js';
import { OpaLayoutError } from './values.js';

const PAGE = 65536;
/** The halves' ranges start at a multiple of this, above what the loading had allocated. */
const BASE_ALIGN = 1 << 20;
/** Room in the scratch below the ranges: where the instances' static data and the scan's other members are. */
export const BASE_BOUND = 64 << 20;

/** What a thread tells the other once its half is written, or that it has none. */
export interface HalfMessage {
  /** False when this thread did not write its half: the other writes it itself. */
  ok: boolean;
  /** Where the first range starts, and the two ranges' lengths: the threads must agree. */
  base: number;
  lengths: [number, number];
  /** The bytes of its range the half took. */
  used?: number;
  /** The addresses of the half's documents, in order. */
  values?: Uint32Array;
}

/** Word that a thread has no half: the other writes those documents itself. */
export const NO_HALF: HalfMessage = { ok: false, base: 0, lengths: [0, 0] };

export interface SplitLoad {
  /** Which half this thread writes: 0 the documents before `at`, 1 the rest. */
  part: 0 | 1;
  at: number;
  /** Shared by both threads: at least BASE_BOUND plus the two ranges (splitScratch). */
  scratch: SharedArrayBuffer;
  /** Tells the other thread about this thread's half and returns what it tells about its own (undefined: nothing came). */
  exchange(mine: HalfMessage): HalfMessage | undefined;
}

/** Documents [a, b) of the scan, their JSON ending at `end` (before the comma after the last). */
export interface Chunk {
  a: number;
  b: number;
  end: number;
}

/** The ranges kept for the documents before `at` and for the rest (`items`: ScanJson.items). */
export function halfLengths(items: Int32Array, at: number): [number, number] {
  const n = items.length - 1;
  const length = (jsonBytes: number) => Math.ceil((4 * jsonBytes + BASE_ALIGN) / PAGE) * PAGE;
  return [length((items[at] as number) - (items[0] as number)), length((items[n] as number) - (items[at] as number))];
}

/** The scratch of a split at `at`: calloc'd, so only the pages the halves write become resident. */
export function splitScratch(items: Int32Array, at: number): SharedArrayBuffer {
  const [a, b] = halfLengths(items, at);
  return new SharedArrayBuffer(BASE_BOUND + a + b);
}

/** The instance as the split needs it: its memory and the exports that move its heap. */
export interface HalfSite {
  mem: { buffer: ArrayBuffer; grow(pages: number): number };
  call: (name: 'opa_heap_ptr_get' | 'opa_heap_ptr_set' | 'opa_malloc', ...args: number[]) => number;
}

/**
 * Writes this thread's half of the chunks (none spans `split.at`) into the scratch, exchanges
 * word with the other thread and copies both halves into the instance. Sets `values` for every
 * document the instance now has and says which chunks are done; the rest are the caller's to
 * write. The runtime's heap is moved above both ranges first. Gives the writer of this
 * thread's half, now writing into the instance with opa_malloc, for the values added to the
 * data later (graft: they share its strings); undefined when the half was not written.
 */
export function loadHalves(
  site: HalfSite, chunks: readonly Chunk[], items: Int32Array, values: Uint32Array, split: SplitLoad,
  documentsOf: (chunk: Chunk) => unknown[],
): { done: boolean[]; writer: ValueWriter | undefined } {
  const n = items.length - 1;
  const count = chunks.length;
  let k = chunks.findIndex((c) => c.a >= split.at);
  if (k < 0) k = count;
  const lengths = halfLengths(items, split.at);
  const base = Math.ceil(site.call('opa_heap_ptr_get') / BASE_ALIGN) * BASE_ALIGN;
  const top = base + lengths[0] + lengths[1];
  const done = new Array<boolean>(count).fill(false);
  const have = site.mem.buffer.byteLength;
  if (top > have) site.mem.grow(Math.ceil((top - have) / PAGE));
  site.call('opa_heap_ptr_set', top);

  const rangeOf = (part: 0 | 1) => {
    const start = part === 0 ? base : base + lengths[0];
    return { start, limit: start + lengths[part], chunks: part === 0 ? [0, k] : [k, count], docs: part === 0 ? [0, split.at] : [split.at, n] };
  };
  const own = rangeOf(split.part);
  let cursor = own.start;
  // The writer's blocks come one after the other out of this thread's range of the scratch.
  const writer = new ValueWriter({ buffer: split.scratch as unknown as ArrayBuffer }, (size) => {
    if (cursor + size > own.limit) throw new RangeError('a half of the documents does not fit the range kept for it');
    const block = cursor;
    cursor += size;
    return block;
  });
  let ok = top <= split.scratch.byteLength;
  try {
    for (let c = own.chunks[0] as number; ok && c < (own.chunks[1] as number); c++) {
      const chunk = chunks[c] as Chunk;
      const written = writer.write(documentsOf(chunk));
      if (written === undefined) ok = false;
      else values.set(written, chunk.a);
    }
  } catch (thrown) {
    if (!(thrown instanceof RangeError || thrown instanceof OpaLayoutError)) throw thrown;
    ok = false;
  }
  const theirs = split.exchange(ok
    ? { ok, base, lengths, used: cursor - own.start, values: values.slice(own.docs[0], own.docs[1]) }
    : { ok, base, lengths });
  const memory = new Uint8Array(site.mem.buffer);
  const scratch = new Uint8Array(split.scratch);
  if (ok) {
    memory.set(scratch.subarray(own.start, cursor), own.start);
    for (let c = own.chunks[0] as number; c < (own.chunks[1] as number); c++) done[c] = true;
  }
  const other = rangeOf(split.part === 0 ? 1 : 0);
  const [from, to] = other.docs as [number, number];
  const used = theirs?.used ?? -1;
  if (theirs?.ok && theirs.base === base && theirs.lengths[0] === lengths[0] && theirs.lengths[1] === lengths[1] &&
    used >= 0 && used <= other.limit - other.start && theirs.values?.length === to - from &&
    theirs.values.every((v) => v >= other.start && v < other.start + used)) {
    memory.set(scratch.subarray(other.start, other.start + used), other.start);
    values.set(theirs.values, from);
    for (let c = other.chunks[0] as number; c < (other.chunks[1] as number); c++) done[c] = true;
  }
  if (!ok) return { done, writer: undefined };
  writer.rehome(site.mem, (size) => site.call('opa_malloc', size));
  return { done, writer };
}
