// Loading the scan's documents once, on the main thread, from the parsed documents themselves.
//
// The documents used to reach the instances as JSON: the main thread serialised the scan (0.2 s
// at 10,000 documents), and each evaluation thread parsed half of that text and wrote its
// values, about 0.25 s each, then copied the other thread's half in. Here the main thread
// writes every document's values straight from its own objects (writer.ts, which writes them
// as their JSON would read), into its instance at the addresses they will have in the
// worker's too, and hands the worker a copy of that block, which it only copies in. The block
// starts at the first MiB boundary above what loading the scan's other members and the
// writer's probe allocated, which is the same address in both instances (they load the same
// skeleton the same way); the worker checks that it is.
import { OpaLayoutError } from './values.js';
import { ValueWriter } from './writer.js';

/** An instance as loading its documents needs it: its memory and the exports that move its heap. */
export interface InstanceSite {
  mem: { buffer: ArrayBuffer };
  call: (name: 'opa_heap_ptr_get' | 'opa_heap_ptr_set' | 'opa_malloc', ...args: number[]) => number;
}

/** The most a 32-bit WebAssembly memory holds, less a page. */
const MAX_BYTES = 65535 * 65536;
/** The header of a block of OPA's allocator (size, prev, next). */
const BLOCK_HEADER = 12;
/** The block starts at a multiple of this, above what loading the skeleton had allocated. */
const BASE_ALIGN = 1 << 20;
/** The heap every evaluation starts from begins at a multiple of this above the block. */
const HEAP_ALIGN = 16;

/** The documents' values as the main thread wrote them, for the worker's instance. */
export interface WrittenDocuments {
  /** Where the block starts, in both instances. */
  base: number;
  /**
   * The bytes [base, base + byteLength) of the instance that wrote them: a buffer of their own,
   * transferred to the worker (parallel.ts), so that the main thread holds nothing of it.
   */
  block: ArrayBuffer;
  /** Each document's address, in order. */
  values: Uint32Array;
}

/** Where the documents' block starts: the first MiB boundary above the heap. */
export function blockBase(site: InstanceSite): number {
  return Math.ceil(site.call('opa_heap_ptr_get') / BASE_ALIGN) * BASE_ALIGN;
}

/**
 * Grows the memory, if needed, so that it holds `bytes`, to twice its size where that is more (a
 * growing block then grows it a few times only), through the runtime's own allocator: it knows
 * where the memory ends only by its own growth (`heap_top` in OPA's wasm/src/malloc.c), so
 * after a growth from here it would grow the memory again, a page at a time, for every block
 * it allocated up to the true end. A RangeError when the memory cannot grow that far.
 */
export function reach(site: InstanceSite, bytes: number): void {
  const have = site.mem.buffer.byteLength;
  if (bytes <= have) return;
  if (bytes > MAX_BYTES) throw new RangeError(`the policy engine's memory cannot grow to ${bytes} bytes`);
  const want = Math.min(Math.max(bytes, 2 * have), MAX_BYTES);
  const heap = site.call('opa_heap_ptr_get');
  // A block from where the memory ends to `want`: the runtime grows the memory by its size.
  site.call('opa_heap_ptr_set', have);
  site.call('opa_malloc', want - have - BLOCK_HEADER);
  site.call('opa_heap_ptr_set', heap);
  if (site.mem.buffer.byteLength < bytes) throw new RangeError(`the policy engine's memory cannot grow to ${bytes} bytes`);
}

/**
 * Writes the documents into the instance from `base` up, and moves its heap above them. Gives
 * the writer, which goes on with opa_malloc (the shared values then share its strings), their
 * addresses, and with `copy` the block for the worker; undefined when a document cannot be
 * written exactly as its JSON would read (writer.ts): nothing is moved then, and the caller
 * loads the scan's JSON instead.
 */
export function writeDocuments(
  site: InstanceSite, base: number, documents: readonly unknown[], copy: boolean,
): { writer: ValueWriter; values: Uint32Array; used: number; written?: WrittenDocuments } | undefined {
  let cursor = base;
  const writer = new ValueWriter(site.mem, (size) => {
    const block = cursor;
    cursor += size;
    reach(site, cursor);
    return block;
  }, true);
  let addresses: number[] | undefined;
  try {
    addresses = writer.write(documents as unknown[]);
  } catch (thrown) {
    // Nesting past the stack: JSON.stringify would fail the same way, which the JSON load reports.
    if (thrown instanceof RangeError || thrown instanceof OpaLayoutError) return undefined;
    throw thrown;
  }
  if (addresses === undefined) return undefined;
  const values = Uint32Array.from(addresses);
  const used = cursor - base;
  site.call('opa_heap_ptr_set', heapAbove(base, used));
  writer.rehome(site.mem, (size) => site.call('opa_malloc', size));
  if (!copy) return { writer, values, used };
  const block = site.mem.buffer.slice(base, base + used);
  return { writer, values, used, written: { base, block, values } };
}

/**
 * Copies the block another thread wrote into the instance and moves its heap above it; false,
 * having changed nothing, when the block does not start where this instance's would.
 */
export function placeDocuments(site: InstanceSite, written: WrittenDocuments): boolean {
  const used = written.block.byteLength;
  if (blockBase(site) !== written.base || written.values.some((v) => v < written.base || v >= written.base + used)) return false;
  reach(site, written.base + used);
  new Uint8Array(site.mem.buffer).set(new Uint8Array(written.block), written.base);
  site.call('opa_heap_ptr_set', heapAbove(written.base, used));
  return true;
}

function heapAbove(base: number, used: number): number {
  return Math.ceil((base + used) / HEAP_ALIGN) * HEAP_ALIGN;
}
