// A Wasm instance of the policy bundle with the scan loaded as its data: the SDK's loader, the
// values every rule package shares added to that data, and the result of one evaluation. Used
// by the engine's two threads (engine.ts, worker.ts) and by the benchmarks.
import * as opaWasm from '@open-policy-agent/opa-wasm';
import type { LoadedPolicy, loadPolicySync as LoadPolicySync } from '@open-policy-agent/opa-wasm';
import { kindIndex, namespaceIndex, type PolicyInput } from './input.js';
import { OPA_OBJECT, OpaLayoutError, ValueReader, type WasmMemory } from './values.js';

/** The SDK's synchronous loader (its ESM entry re-exports only loadPolicy; this one is on the default export). */
export const loadPolicySync = (opaWasm as unknown as { default: { loadPolicySync: typeof LoadPolicySync } }).default.loadPolicySync;

/** What loadPolicySync takes: the bundle's bytes or a compiled WebAssembly.Module. */
export type PolicySource = Parameters<typeof LoadPolicySync>[0];

/** The value of an evaluation's first result, or undefined when it has none. */
export function resultOf(result: unknown): unknown {
  return Array.isArray(result) && result.length > 0 ? (result[0] as { result?: unknown }).result : undefined;
}

/** How one policy instance evaluates an entrypoint and reads its result (evaluateEntrypoint). */
interface Evaluator {
  /** Evaluates an entrypoint on the data at `data`, with the heap starting at `heap`; returns the result set's address. */
  run(entrypoint: number, data: number, heap: number): number;
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
      run: (entrypoint, data, heap) => evalInContext(call, entrypoint, data, heap),
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
export function evaluateEntrypoint(policy: LoadedPolicy, entrypoint: string): unknown {
  const e = evaluatorOf(policy);
  const id = (policy.entrypoints as Record<string, number>)[entrypoint];
  const { dataAddr, dataHeapPtr } = policy as unknown as PolicyInternals;
  if (e && id !== undefined && typeof dataAddr === 'number' && typeof dataHeapPtr === 'number') {
    const resultSet = e.run(id, dataAddr, dataHeapPtr);
    try {
      const reader = e.reader();
      const value = reader.result(resultSet);
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
  const scan: PolicyInput = share
    ? { ...input, shared: { kinds: kindIndex(input.documents), namespaced: namespaceIndex(input.documents) } }
    : input;
  return new TextEncoder().encode(`{"scan":${JSON.stringify(scan)}}`);
}

/**
 * Loads the scan (scanBytes) as the policy's data. With `share`, it then evaluates the shared
 * values once and adds them to the data as `scan.shared`, which every package reads as
 * `input.shared`: PSA's per-namespace policies, the kind index and the plan resources are then
 * computed once per scan instead of once per package; the pod carriers, which hold documents,
 * are added by reference (graftRefs). Says how the shared values were added: in place (graft),
 * by loading the data again (reload, without the pod carriers), or not at all.
 */
export function loadScan(policy: LoadedPolicy, bytes: Uint8Array, share: boolean): 'graft' | 'reload' | 'none' {
  policy.setData(exactBuffer(bytes));
  if (!share || !Object.prototype.hasOwnProperty.call(policy.entrypoints, SHARED_ENTRYPOINT)) return 'none';
  const shared = evaluateEntrypoint(policy, SHARED_ENTRYPOINT);
  if (shared === undefined) return 'none';
  const text = JSON.stringify(shared);
  if (graft(policy, ['scan', 'shared'], text)) {
    graftRefs(policy);
    return 'graft';
  }
  // The scan's bytes end with the two braces that close it and the data: the shared values go before them.
  const tail = new TextEncoder().encode(`,"shared":${text}}}`);
  const joined = new Uint8Array(bytes.byteLength - 2 + tail.byteLength);
  joined.set(bytes.subarray(0, bytes.byteLength - 2));
  joined.set(tail, bytes.byteLength - 2);
  policy.setData(joined.buffer);
  return 'reload';
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
  const parse = (text: string): number => {
    const bytes = new TextEncoder().encode(text);
    const addr = call('opa_malloc', bytes.byteLength);
    new Uint8Array(mem.buffer).set(bytes, addr); // after malloc: it may have grown the memory
    return call('opa_json_parse', addr, bytes.byteLength);
  };
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
 * Adds a JSON value to the loaded data at `path`, with the ABI's opa_value_add_path, and keeps
 * it below the heap every evaluation starts from. Loading the data again instead would parse
 * the whole scan a second time. False, having changed nothing, when the SDK is not shaped as
 * expected.
 */
function graft(policy: LoadedPolicy, path: string[], json: string): boolean {
  const w = dataWriter(policy);
  if (!w) return false;
  w.begin();
  return w.commit(path, w.parse(json));
}

/**
 * Evaluates the shared values that hold documents (SHARED_REFS_ENTRYPOINT) and adds them to the
 * data at scan.shared.refs as the value the evaluation built, not a copy: its pod carriers point
 * at the documents already in the data. The heap every later evaluation starts from is moved
 * above it. Through the evaluation-context ABI, since opa_eval dumps its result as JSON and
 * keeps no value. Changes nothing, and says false, when the bundle, the SDK or the values are
 * not shaped as expected: every package then computes the values itself.
 */
export function graftRefs(policy: LoadedPolicy): boolean {
  const id = (policy.entrypoints as Record<string, number>)[SHARED_REFS_ENTRYPOINT];
  const w = id === undefined ? undefined : dataWriter(policy);
  if (id === undefined || !w) return false;
  const resultSet = evalInContext(w.call, id, w.dataAddr, w.base);
  return w.commit(['scan', 'shared', 'refs'], resultValue(w.mem, resultSet) ?? 0);
}

/**
 * The value of an evaluation's result set, `{ {"result": value} }`, when it is an object;
 * undefined for any other shape, and for a memory that does not hold OPA's value layout
 * (values.ts). The address is handed on, so the value stays a value in the heap: the result
 * set itself would do too, but a rule reading a set member hashes it whole, documents and all,
 * in every package.
 */
function resultValue(mem: WasmMemory, resultSet: number): number | undefined {
  try {
    const reader = new ValueReader(mem);
    const value = reader.result(resultSet);
    return value !== undefined && reader.type(value) === OPA_OBJECT ? value : undefined;
  } catch {
    return undefined;
  }
}

/** The bytes as an ArrayBuffer of their own (setData reads a whole buffer; a SharedArrayBuffer is not one). */
function exactBuffer(bytes: Uint8Array): ArrayBuffer {
  return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength && bytes.buffer instanceof ArrayBuffer
    ? bytes.buffer
    : bytes.slice().buffer;
}

