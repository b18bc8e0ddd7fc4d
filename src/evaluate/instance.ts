// A Wasm instance of the policy bundle with the scan loaded as its data: the SDK's loader, the
// values every rule package shares added to that data, and the result of one evaluation. Used
// by the engine's two threads (engine.ts, worker.ts) and by the benchmarks.
import * as opaWasm from '@open-policy-agent/opa-wasm';
import type { LoadedPolicy, loadPolicySync as LoadPolicySync } from '@open-policy-agent/opa-wasm';
import { kindIndex, namespaceIndex, type PolicyInput } from './input.js';
import { withFastBuiltins } from './builtins.js';
import { PROBE_JSON, sameLayout, ValueWriter } from './writer.js';
import { OPA_ARRAY, OPA_OBJECT, OpaLayoutError, runtimeParse, ValueReader, type WasmMemory } from './values.js';
import { blockBase, placeDocuments, reach, writeDocuments, type InstanceSite, type WrittenDocuments } from './direct-load.js';
import { InternalError } from '../errors.js';

const PAGE = 65536;

/** The SDK's synchronous loader (its ESM entry re-exports only loadPolicy; this one is on the default export). */
const sdkLoadPolicySync = (opaWasm as unknown as { default: { loadPolicySync: typeof LoadPolicySync } }).default.loadPolicySync;

/** The SDK's loadPolicySync, with the policies' sprintf calls answered without its JSON round trips (builtins.ts). */
export const loadPolicySync: typeof LoadPolicySync = (...args) => withFastBuiltins(() => sdkLoadPolicySync(...args));

/** What loadPolicySync takes: the bundle's bytes or a compiled WebAssembly.Module. */
export type PolicySource = Parameters<typeof LoadPolicySync>[0];

/** The value of an evaluation's first result, or undefined when it has none. */
export function resultOf(result: unknown): unknown {
  return Array.isArray(result) && result.length > 0 ? (result[0] as { result?: unknown }).result : undefined;
}

/** How one policy instance evaluates an entrypoint and reads its result (evaluateEntrypoint). */
interface Evaluator {
  /**
   * Evaluates an entrypoint on the data at `data`, with the heap starting at `heap`: the
   * address of its value (0 when undefined) through its exported function (entryValue), or
   * else of the result set `eval` made.
   */
  run(entrypoint: string, id: number, data: number, heap: number): { value: number } | { resultSet: number };
  reader(): ValueReader;
}

/** Per policy instance: its evaluator, or null once reading its memory failed (the SDK's JSON from then on). */
const evaluators = new WeakMap<LoadedPolicy, Evaluator | null>();

function evaluatorOf(policy: LoadedPolicy): Evaluator | null {
  let e = evaluators.get(policy);
  if (e !== undefined) return e;
  e = null;
  const abi = abiOf(policy);
  if (abi) {
    const { call, mem, internals } = abi;
    const texts = new Map<number, string>();
    const dump = (addr: number) => call('opa_json_dump', addr);
    e = {
      run: (entrypoint, id, data, heap) => {
        const value = entryValue(abi, entrypoint, data, heap);
        return value === undefined ? { resultSet: evalInContext(call, id, data, heap) } : { value };
      },
      // The module's static data (below the first heap) never changes.
      reader: () => new ValueReader(mem, { dump, texts, stableBelow: internals.baseHeapPtr ?? 0 }),
    };
  }
  evaluators.set(policy, e);
  return e;
}

/**
 * Evaluates an entrypoint on the loaded data (no input) and returns its value, as
 * `resultOf(policy.evaluate(undefined, entrypoint))` does, but reads the result out of the
 * Wasm memory (values.ts) instead of having the runtime write it as JSON and parsing that.
 * When the memory does not hold the layout the reader knows, the entrypoint is evaluated again
 * through the SDK, and so is every later one of this instance. An error of the evaluation
 * itself (a policy aborting) is thrown as the SDK throws it.
 */
export function evaluateEntrypoint(policy: LoadedPolicy, entrypoint: string, omit?: ReadonlySet<string>): unknown {
  const e = evaluatorOf(policy);
  const id = (policy.entrypoints as Record<string, number>)[entrypoint];
  const { dataAddr, dataHeapPtr } = policy as unknown as PolicyInternals;
  if (e && id !== undefined && typeof dataAddr === 'number' && typeof dataHeapPtr === 'number') {
    const ran = e.run(entrypoint, id, dataAddr, dataHeapPtr);
    try {
      const reader = e.reader();
      const value = 'value' in ran ? ran.value || undefined : reader.result(ran.resultSet);
      if (value !== undefined && omit && reader.type(value) === OPA_OBJECT) {
        const kept: Record<string, unknown> = {};
        for (const [k, v] of reader.elements(value, true)) {
          const key = reader.toJS(k);
          if (typeof key !== 'string' || !omit.has(key)) kept[String(key)] = reader.toJS(v);
        }
        return kept;
      }
      return value === undefined ? undefined : reader.toJS(value);
    } catch (thrown) {
      if (!(thrown instanceof OpaLayoutError || thrown instanceof RangeError)) throw thrown;
      evaluators.set(policy, null);
    }
  }
  return resultOf(policy.evaluate(undefined, entrypoint));
}

/** Entrypoint of the values every rule package shares (rego/lib/shared.rego). */
export const SHARED_ENTRYPOINT = 'eks/entry/shared';
/** Entrypoint of the shared values that hold documents, added by reference (rego/lib/shared.rego `refs`). */
export const SHARED_REFS_ENTRYPOINT = 'eks/entry/shared_refs';

/**
 * The scan as the JSON bytes loadScan takes (`{"scan": ...}`). With `share`, it carries the
 * shared values that are cheaper to build here than in Rego: the kind index and the namespace
 * index (input.ts kindIndex, namespaceIndex).
 */
export function scanBytes(input: PolicyInput, share: boolean): Uint8Array {
  return scanJson(input, share).bytes;
}

/** The scan's JSON (scanBytes), and where in its bytes each document starts. */
export interface ScanJson {
  bytes: Uint8Array;
  /** Byte offsets of the documents in `bytes`, in order, and last the offset of the array's closing bracket. */
  items: Int32Array;
}

// JSON.stringify's escape of a lone UTF-16 surrogate (it writes every other one as itself),
// with the backslashes before it, whose count tells an escape from an escaped backslash.
const JSON_SURROGATE_ESCAPE = /(\\+)u(d[89a-f][0-9a-f]{2})/g;

/**
 * A document's JSON with each lone surrogate as U+FFFD, as Go's JSON decoder reads it: OPA's
 * runtime refuses the escape and would fail the whole load. YAML manifests never get here with
 * one (load/surrogates.ts reports them); a plan or a JSON manifest can.
 */
function unicodeJson(json: string): string {
  if (!json.includes('\\ud')) return json;
  return json.replace(JSON_SURROGATE_ESCAPE, (all, slashes: string) => (slashes.length % 2 === 1 ? `${slashes}ufffd` : all));
}

/**
 * The shared values the scan's JSON carries itself (input.ts kindIndex, namespaceIndex), which
 * the shared values' evaluation hands back as they are (rego/lib/shared.rego `kinds`,
 * `namespaced`).
 */
const ENGINE_INDEX_KEYS = ['kinds', 'namespaced'] as const;
const ENGINE_INDEXES: ReadonlySet<string> = new Set(ENGINE_INDEX_KEYS);

/**
 * scanBytes, with the offset of every document (for loading the documents a chunk at a time).
 * With `documents` false, the skeleton: the scan's JSON with an empty array of documents (its
 * shared indexes still of every document), for a load that writes the documents from their
 * objects (loadScan with a DirectScan).
 */
export function scanJson(input: PolicyInput, share: boolean, documents = true): ScanJson {
  const all = input.documents;
  const indexes = (): Record<(typeof ENGINE_INDEX_KEYS)[number], Record<string, number[]>> => ({ kinds: kindIndex(all), namespaced: namespaceIndex(all) });
  const scan: PolicyInput = { ...input, ...(documents ? {} : { documents: [] }), ...(share ? { shared: indexes() } : {}) };
  // The text JSON.stringify gives `{"scan": scan}`, written member by member to count the
  // documents' offsets as it goes (in bytes: a text's UTF-8 length, not its length).
  const items = new Int32Array(scan.documents.length + 1);
  // Kept as pieces and encoded one by one: joined, they made one 17 MB string at 10,000
  // documents (its flattened copy in V8's old generation), whose allocation set off a full
  // collection of the parsed scan's heap on the main thread while the worker waited.
  const pieces: string[] = [];
  let at = 0;
  const put = (piece: string) => {
    pieces.push(piece);
    at += Buffer.byteLength(piece);
  };
  put('{"scan":{');
  let first = true;
  for (const [key, value] of Object.entries(scan)) {
    if (value === undefined) continue;
    put(`${first ? '' : ','}${JSON.stringify(key)}:`);
    first = false;
    if (key !== 'documents') {
      put(JSON.stringify(value));
      continue;
    }
    put('[');
    scan.documents.forEach((d, i) => {
      if (i > 0) put(',');
      items[i] = at;
      put(unicodeJson(JSON.stringify(d)));
    });
    items[scan.documents.length] = at;
    put(']');
  }
  put('}}');
  // Shared memory, so that the evaluation worker reads these bytes rather than a copy
  // (parallel.ts): 17 MB at 10,000 documents, 170 MB at 100,000.
  const bytes = new Uint8Array(new SharedArrayBuffer(at));
  const encoder = new TextEncoder();
  let written = 0;
  for (const piece of pieces) written += encoder.encodeInto(piece, bytes.subarray(written)).written;
  if (written !== at) throw new InternalError(`the scan's JSON took ${written} bytes where ${at} were counted; this is a bug in eks-policy-gate, please report it.`);
  return { bytes, items };
}

/**
 * Documents per chunk when the scan is loaded a chunk at a time (loadDocuments): about this
 * many bytes of JSON each. Small, so that the objects JSON.parse makes of a chunk die young:
 * with 1 MiB chunks the peak at 10,216 documents was 40 MB higher.
 */
export const CHUNK_BYTES = 1 << 16;

/**
 * The scan for a thread whose documents are written from their objects (direct-load.ts): its
 * skeleton (scanJson without the documents), and either the documents to write, or the block
 * the other thread wrote of them.
 */
export interface DirectScan {
  skeleton: Uint8Array;
  /** The documents (PolicyInput.documents), written by this thread. */
  documents?: readonly unknown[];
  /** Handed the block once the documents are written, for the other thread (none: no copy is made). */
  publish?: (written: WrittenDocuments, pages: number) => void;
  /** Pages the instance is given for a scan whose JSON would take this many bytes (engine.ts initialPages). */
  pagesFor?: (bytes: number) => number;
  /** The block another thread wrote of the documents. */
  written?: WrittenDocuments;
  /** The scan's JSON, for when the documents cannot be written or placed; without it that throws. */
  fallback?: () => ScanJson;
}

/**
 * Loads the scan (scanBytes) as the policy's data. With `share`, it then evaluates the shared
 * values once and adds them to the data as `scan.shared`, which every package reads as
 * `input.shared`: PSA's per-namespace policies, the kind index and the plan resources are then
 * computed once per scan instead of once per package; the pod carriers, which hold documents,
 * are added by reference (graftRefs). Says how the shared values were added: in place (graft),
 * by loading the data again (reload, without the pod carriers), or not at all. With a ScanJson
 * the documents are written into the memory as values (writer.ts), or with `writeValues` false
 * parsed by the runtime, a chunk at a time either way (loadDocuments). With a DirectScan, the
 * documents are written from their objects, by this thread or by the other (loadWritten).
 */
export function loadScan(
  policy: LoadedPolicy, given: Uint8Array | ScanJson | DirectScan, share: boolean, chunkBytes = CHUNK_BYTES, writeValues = true,
): 'graft' | 'reload' | 'none' {
  let loaded: ReturnType<typeof loadDocuments>;
  let scan: Uint8Array | ScanJson | undefined;
  if ('skeleton' in given) {
    loaded = loadWritten(policy, given);
    if (!loaded) {
      if (!given.fallback) throw new InternalError('the documents written by the other evaluation thread do not fit this instance; this is a bug in eks-policy-gate, please report it.');
      scan = given.fallback();
    }
  } else scan = given;
  if (scan) {
    loaded = scan instanceof Uint8Array ? undefined : loadDocuments(policy, scan, chunkBytes, writeValues);
    if (!loaded) policy.setData(exactBuffer(scan instanceof Uint8Array ? scan : scan.bytes));
  }
  if (!share || !Object.prototype.hasOwnProperty.call(policy.entrypoints, SHARED_ENTRYPOINT)) return 'none';
  // The pod carriers first, so that the shared values' evaluation reads them rather than
  // building them again; its garbage then goes, while the carriers' evaluation stays below.
  graftRefs(policy);
  // The indexes the scan's JSON brought (ENGINE_INDEXES) come back unchanged in the shared
  // values: where they are added member by member they are neither read out nor written again
  // (10,216 ids each at 10,216 documents, the most of the shared values).
  const omit = loaded?.writer ? ENGINE_INDEXES : undefined;
  const shared = evaluateEntrypoint(policy, SHARED_ENTRYPOINT, omit);
  if (shared === undefined) return 'none';
  if (graft(policy, ['scan', 'shared'], shared, loaded?.writer)) return 'graft';
  if (!scan) {
    if (!('skeleton' in given) || !given.fallback) return 'none';
    scan = given.fallback();
  }
  // The scan's bytes end with the two braces that close it and the data: the shared values go
  // before them, and replace those the JSON has, the indexes too.
  const bytes = scan instanceof Uint8Array ? scan : scan.bytes;
  const whole = omit ? evaluateEntrypoint(policy, SHARED_ENTRYPOINT) : shared;
  const tail = new TextEncoder().encode(`,"shared":${JSON.stringify(whole)}}}`);
  const joined = new Uint8Array(bytes.byteLength - 2 + tail.byteLength);
  joined.set(bytes.subarray(0, bytes.byteLength - 2));
  joined.set(tail, bytes.byteLength - 2);
  policy.setData(joined.buffer);
  return 'reload';
}

/**
 * Where the instance's heap ends now (opa_heap_ptr_get): the memory its data, and the
 * evaluation just run, have taken. Undefined when the module is not shaped as expected.
 */
export function heapPointer(policy: LoadedPolicy): number | undefined {
  return abiOf(policy)?.call('opa_heap_ptr_get');
}

/** The parts of the SDK's LoadedPolicy (1.10, pinned) that adding to its data in place needs. */
interface PolicyInternals {
  wasmInstance?: { exports: Record<string, unknown> };
  mem?: WasmMemory;
  dataAddr?: number;
  dataHeapPtr?: number;
  /** Where the heap starts, above the module's static data. */
  baseHeapPtr?: number;
}

type WasmFn = (...args: number[]) => number;

/** The module's exports this file calls besides the SDK (OPA's Wasm ABI). */
const ABI = [
  'opa_heap_ptr_set', 'opa_heap_ptr_get', 'opa_malloc', 'opa_json_parse', 'opa_json_dump', 'opa_value_add_path', 'opa_eval_ctx_new',
  'opa_eval_ctx_set_input', 'opa_eval_ctx_set_data', 'opa_eval_ctx_set_entrypoint', 'eval', 'opa_eval_ctx_get_result',
] as const;

type AbiCall = (name: (typeof ABI)[number], ...args: number[]) => number;

/** The policy's internals and a caller of its exports; undefined when the SDK or the module is not shaped as expected. */
function abiOf(policy: LoadedPolicy): { internals: PolicyInternals; mem: WasmMemory; call: AbiCall } | undefined {
  const internals = policy as unknown as PolicyInternals;
  const ex = internals.wasmInstance?.exports;
  const { mem } = internals;
  if (!ex || !mem || !ABI.every((f) => typeof ex[f] === 'function')) return undefined;
  return { internals, mem, call: (name, ...args) => (ex[name] as WasmFn)(...args) };
}

/**
 * The names build.mjs exports the entrypoints' functions under (scripts/wasm-exports.mjs, whose
 * test checks that the two agree): `eks/entry/x` is `g0.data.eks.entry.x`.
 */
export const ENTRY_FUNCTION_PREFIX = 'g0.data.';
export const MEMOIZE_INIT = 'opa_memoize_init';

/**
 * Evaluates an entrypoint, with no input, on the data at `data` and the heap starting at
 * `heap`, by calling its function as OPA's `eval` does (memoization reset, then the function
 * with input and data) but without putting the value into a result set, which hashes it whole:
 * the address of the value, 0 when it is undefined. Undefined when the module does not export
 * the function (scripts/wasm-exports.mjs; a user's prebuilt bundle): evalInContext then.
 */
function entryValue(abi: { internals: PolicyInternals; call: AbiCall }, entrypoint: string, data: number, heap: number): number | undefined {
  const ex = abi.internals.wasmInstance?.exports ?? {};
  const fn = ex[ENTRY_FUNCTION_PREFIX + entrypoint.split('/').join('.')];
  const init = ex[MEMOIZE_INIT];
  if (typeof fn !== 'function' || typeof init !== 'function') return undefined;
  abi.call('opa_heap_ptr_set', heap);
  (init as WasmFn)();
  return (fn as WasmFn)(0, data);
}

/**
 * Evaluates an entrypoint through the evaluation-context ABI, with no input, on the data at
 * `data` and the heap starting at `heap` (as the SDK's evaluate); the result set's address.
 */
function evalInContext(call: AbiCall, entrypoint: number, data: number, heap: number): number {
  call('opa_heap_ptr_set', heap);
  const ctx = call('opa_eval_ctx_new');
  call('opa_eval_ctx_set_input', ctx, 0);
  call('opa_eval_ctx_set_data', ctx, data);
  call('opa_eval_ctx_set_entrypoint', ctx, entrypoint);
  call('eval', ctx);
  return call('opa_eval_ctx_get_result', ctx);
}

/** Adding values to a loaded policy's data in place, through the Wasm ABI. */
interface DataWriter {
  call: AbiCall;
  mem: WasmMemory;
  dataAddr: number;
  /** Where every evaluation's heap starts (above the data). */
  base: number;
  /** Starts allocating at the heap every evaluation starts from. */
  begin(): void;
  /** A JSON text as a value in the heap (0 when it does not parse). */
  parse(text: string): number;
  /**
   * Adds `value` to the data at `path` and moves the heap every evaluation starts from above
   * it; or, for no value or a failed add, drops what was allocated since begin() and says false.
   */
  commit(path: string[], value: number): boolean;
}

/** The policy's data writer; undefined when the SDK or the module is not shaped as expected. */
function dataWriter(policy: LoadedPolicy): DataWriter | undefined {
  const abi = abiOf(policy);
  const p = abi?.internals;
  if (!abi || !p || typeof p.dataAddr !== 'number' || typeof p.dataHeapPtr !== 'number') return undefined;
  const { call, mem } = abi;
  const { dataAddr } = p;
  const base = p.dataHeapPtr;
  const parse = (text: string): number => runtimeParse(mem, call, text);
  return {
    call,
    mem,
    dataAddr,
    base,
    begin: () => void call('opa_heap_ptr_set', base),
    parse,
    commit(path, value) {
      const at = value === 0 ? 0 : parse(JSON.stringify(path));
      if (at === 0 || call('opa_value_add_path', dataAddr, at, value) !== 0) {
        call('opa_heap_ptr_set', base);
        return false;
      }
      p.dataHeapPtr = call('opa_heap_ptr_get');
      return true;
    },
  };
}

/**
 * Adds a value read out of an evaluation (plain JSON data) to the loaded data at `path`, with the ABI's opa_value_add_path, and keeps
 * it below the heap every evaluation starts from. Loading the data again instead would parse
 * the whole scan a second time. Written by the documents' writer when there is one (writer.ts:
 * the shared values of 10,216 documents, 1.2 MB of JSON, took 13.4 MB of each instance as the
 * runtime parses them, every number and string in blocks of its own), else parsed by the
 * runtime. False when the SDK is not shaped as expected (having changed nothing) or when a
 * member could not be added (the caller then loads the data again, which replaces it all).
 */
function graft(policy: LoadedPolicy, path: string[], value: unknown, writer?: ValueWriter): boolean {
  const w = dataWriter(policy);
  if (!w) return false;
  w.begin();
  if (!writer || value === null || typeof value !== 'object' || Array.isArray(value)) return w.commit(path, w.parse(JSON.stringify(value)));
  // Member by member into the object the runtime parsed at `path` (the scan's JSON holds one,
  // loadDocuments' skeleton): that object is the runtime's own, so adding to it later (the pod
  // carriers, graftRefs) may grow it. An object the writer laid out must never grow: the
  // runtime would free its buckets, which are no block of their own, and corrupt its heap.
  // A member that cannot be added leaves the caller to load the data again (loadScan).
  for (const [key, member] of Object.entries(value)) {
    const at = writer.write([member])?.[0];
    if (at === undefined || !w.commit([...path, key], at)) return false;
  }
  return true;
}

/**
 * Evaluates the shared values that hold documents (SHARED_REFS_ENTRYPOINT) and adds them to the
 * data at scan.shared.refs as the value the evaluation built, not a copy: its pod carriers point
 * at the documents already in the data. The heap every later evaluation starts from is moved
 * above it. Through the entrypoint's exported function (entryValue), or else the
 * evaluation-context ABI, since opa_eval dumps its result as JSON and keeps no value. Changes
 * nothing, and says false, when the bundle, the SDK or the values are not shaped as expected:
 * every package then computes the values itself.
 */
export function graftRefs(policy: LoadedPolicy): boolean {
  const id = (policy.entrypoints as Record<string, number>)[SHARED_REFS_ENTRYPOINT];
  const w = id === undefined ? undefined : dataWriter(policy);
  const abi = abiOf(policy);
  if (id === undefined || !w || !abi) return false;
  const direct = entryValue(abi, SHARED_REFS_ENTRYPOINT, w.dataAddr, w.base);
  return w.commit(['scan', 'shared', 'refs'], objectValue(w.mem, direct ?? { resultSet: evalInContext(w.call, id, w.dataAddr, w.base) }) ?? 0);
}

/**
 * An evaluation's value (at an address, or in its result set `{ {"result": value} }`) when it
 * is an object; undefined for any other shape, and for a memory that does not hold OPA's value
 * layout (values.ts). The address is handed on, so the value stays a value in the heap: the
 * result set itself would do too, but a rule reading a set member hashes it whole, documents
 * and all, in every package.
 */
function objectValue(mem: WasmMemory, at: number | { resultSet: number }): number | undefined {
  try {
    const reader = new ValueReader(mem);
    const value = typeof at === 'number' ? at || undefined : reader.result(at.resultSet);
    return value !== undefined && reader.type(value) === OPA_OBJECT ? value : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A writer of values into the heap every evaluation starts from (started afresh), and whether
 * it lays values out as this module's runtime parses them: with `probe`, checked on
 * PROBE_JSON, written and then parsed by the runtime (writer.ts sameLayout); without, not
 * trusted.
 */
function probedWriter(w: DataWriter, probe: boolean): { layout: ValueWriter; trusted: boolean } {
  w.begin();
  const layout = new ValueWriter(w.mem, (size) => w.call('opa_malloc', size));
  const at = probe ? layout.write([JSON.parse(PROBE_JSON)])?.[0] : undefined;
  return { layout, trusted: at !== undefined && sameLayout(w.mem, at, w.parse(PROBE_JSON)) };
}

/**
 * Loads the scan's skeleton as the policy's data and its documents as values written from
 * their objects (direct-load.ts): by this thread, or copied from the block the other thread
 * wrote. Undefined, as loadDocuments, when the SDK or the module is not as expected, when the
 * writer's probe does not read back as the runtime parses it, when a document cannot be
 * written exactly, or when the other thread's block does not fit this instance: the caller then
 * loads the scan's JSON, which replaces whatever this loaded.
 */
function loadWritten(policy: LoadedPolicy, scan: DirectScan): { writer: ValueWriter } | undefined {
  policy.setData(exactBuffer(scan.skeleton));
  const w = dataWriter(policy);
  if (!w) return undefined;
  const site: InstanceSite = { mem: w.mem, call: w.call };
  try {
    // Both threads write the probe alike, so that their heaps end at the same address.
    const { layout, trusted } = probedWriter(w, true);
    if (!trusted) return undefined;
    let writer = layout;
    let values: Uint32Array;
    if (scan.written) {
      if (!placeDocuments(site, scan.written)) return undefined;
      ({ values } = scan.written);
    } else {
      const mine = writeDocuments(site, blockBase(site), scan.documents ?? [], scan.publish !== undefined);
      if (!mine) return undefined;
      ({ writer, values } = mine);
      // The memory as large as for the scan's JSON (its size about that of the values).
      reach(site, (scan.pagesFor?.(scan.skeleton.byteLength + mine.used) ?? 0) * PAGE);
      if (mine.written) scan.publish?.(mine.written, w.mem.buffer.byteLength / PAGE);
    }
    return w.commit(['scan', 'documents'], layout.array(values)) ? { writer } : undefined;
  } catch (thrown) {
    if (!(thrown instanceof OpaLayoutError || thrown instanceof RangeError)) throw thrown;
    return undefined;
  }
}

/**
 * Loads the scan as the policy's data with its documents read a chunk at a time: the SDK's
 * setData copies the whole JSON into the Wasm heap and never frees it, so the scan's text (17 MB
 * at 10,000 documents) would stay in the instance below its values. Here the data is loaded
 * without the documents, then each chunk of about `chunkBytes` of documents is parsed with
 * JSON.parse and written into the memory as values (writer.ts: each distinct string once, no
 * block per value). With `write` false, when the writer's probe does not read back as the
 * module's runtime parses it, or for a chunk the writer cannot write exactly, the chunk is
 * copied into one block, parsed by the runtime and the block freed, so the next chunk's copy
 * reuses it. The documents' values are then put in one array by the writer (its array layout
 * is the one values.ts reads whichever way the documents were loaded) and added to the data
 * at scan.documents. Gives the writer when it wrote the documents (the shared values are then
 * written by it too, graft), and undefined when the SDK, the module or a parse is not as
 * expected: the caller then loads the whole text, which replaces whatever this loaded.
 */
function loadDocuments(policy: LoadedPolicy, scan: ScanJson, chunkBytes: number, write: boolean): { writer: ValueWriter | undefined } | undefined {
  const { bytes, items } = scan;
  const n = items.length - 1;
  if (n < 1) return undefined;
  const first = items[0] as number;
  const close = items[n] as number;
  const skeleton = new Uint8Array(bytes.byteLength - (close - first));
  skeleton.set(bytes.subarray(0, first));
  skeleton.set(bytes.subarray(close), first);
  policy.setData(skeleton.buffer);
  const w = dataWriter(policy);
  const free = (policy as unknown as PolicyInternals).wasmInstance?.exports.opa_free;
  if (!w || typeof free !== 'function') return undefined;
  const { call, mem } = w;
  // Chunks of whole documents, [a, b), with the end of their last document (before its comma).
  const chunks = chunksOf(items, 0, n, chunkBytes);
  const block = Math.max(...chunks.map(({ a, end }) => end - (items[a] as number))) + 2;
  const values = new Uint32Array(n);
  const decoder = new TextDecoder();
  const documentsOf = ({ a, end }: Chunk) => parseChunk(decoder.decode(bytes.subarray(items[a] as number, end)));
  try {
    // The writer for the documents only where it lays values out as this module's runtime
    // parses them; it writes the documents' array in any case.
    const { layout, trusted } = probedWriter(w, write);
    const writer = trusted ? layout : undefined;
    for (const chunk of chunks) {
      const { a, b, end } = chunk;
      // The chunk's documents written as values (writer.ts), or else parsed by the runtime.
      const written = writer?.write(documentsOf(chunk));
      if (written !== undefined) {
        values.set(written, a);
        continue;
      }
      const raw = call('opa_malloc', block);
      const u8 = new Uint8Array(mem.buffer); // after malloc: it may have grown the memory
      const length = end - (items[a] as number) + 2;
      u8[raw] = 0x5b; // [
      u8.set(bytes.subarray(items[a] as number, end), raw + 1);
      u8[raw + length - 1] = 0x5d; // ]
      const array = call('opa_json_parse', raw, length);
      const reader = new ValueReader(mem);
      if (reader.type(array) !== OPA_ARRAY || reader.u32(array + 8) !== b - a) return undefined;
      const elements = reader.u32(array + 4);
      for (let i = a; i < b; i++) values[i] = reader.u32(elements + 8 * (i - a) + 4);
      (free as WasmFn)(raw);
    }
    return w.commit(['scan', 'documents'], layout.array(values)) ? { writer } : undefined;
  } catch (thrown) {
    // A memory not laid out as values.ts reads it: the caller's setData replaces all of this.
    if (!(thrown instanceof OpaLayoutError || thrown instanceof RangeError)) throw thrown;
    return undefined;
  }
}

/** Documents [a, b) of the scan, their JSON ending at `end` (before the comma after the last). */
interface Chunk {
  a: number;
  b: number;
  end: number;
}

/** Documents [from, to) in chunks of about `chunkBytes` of JSON each (at least one document). */
function chunksOf(items: Int32Array, from: number, to: number, chunkBytes: number): Chunk[] {
  const n = items.length - 1;
  const close = items[n] as number;
  const chunks: Chunk[] = [];
  for (let a = from; a < to; ) {
    let b = a + 1;
    while (b < to && (items[b + 1] as number) - (items[a] as number) <= chunkBytes) b++;
    chunks.push({ a, b, end: b < n ? (items[b] as number) - 1 : close });
    a = b;
  }
  return chunks;
}

/** A chunk's documents (their JSON, comma-separated) parsed; an offset that is not a document's start throws an OpaLayoutError. */
function parseChunk(text: string): unknown[] {
  try {
    return JSON.parse(`[${text}]`) as unknown[];
  } catch (thrown) {
    if (thrown instanceof SyntaxError) throw new OpaLayoutError(`a chunk of documents does not parse: ${thrown.message}`);
    throw thrown;
  }
}

/** The bytes as an ArrayBuffer of their own (setData reads a whole buffer; a SharedArrayBuffer is not one). */
function exactBuffer(bytes: Uint8Array): ArrayBuffer {
  return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength && bytes.buffer instanceof ArrayBuffer
    ? bytes.buffer
    : bytes.slice().buffer;
}

