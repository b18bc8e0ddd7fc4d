// A Wasm instance of the policy bundle with the scan loaded as its data: the SDK's loader, the
// values every rule package shares added to that data, and the result of one evaluation. Used
// by the engine's two threads (engine.ts, worker.ts) and by the benchmarks.
import * as opaWasm from '@open-policy-agent/opa-wasm';
import type { LoadedPolicy, loadPolicySync as LoadPolicySync } from '@open-policy-agent/opa-wasm';
import { kindIndex, namespaceIndex, type PolicyInput } from './input.js';

/** The SDK's synchronous loader (its ESM entry re-exports only loadPolicy; this one is on the default export). */
export const loadPolicySync = (opaWasm as unknown as { default: { loadPolicySync: typeof LoadPolicySync } }).default.loadPolicySync;

/** What loadPolicySync takes: the bundle's bytes or a compiled WebAssembly.Module. */
export type PolicySource = Parameters<typeof LoadPolicySync>[0];

/** The value of an evaluation's first result, or undefined when it has none. */
export function resultOf(result: unknown): unknown {
  return Array.isArray(result) && result.length > 0 ? (result[0] as { result?: unknown }).result : undefined;
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
  const shared = resultOf(policy.evaluate(undefined, SHARED_ENTRYPOINT));
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
  mem?: { buffer: ArrayBuffer };
  dataAddr?: number;
  dataHeapPtr?: number;
}

type WasmFn = (...args: number[]) => number;

const ABI = [
  'opa_heap_ptr_set', 'opa_heap_ptr_get', 'opa_malloc', 'opa_json_parse', 'opa_value_add_path', 'opa_eval_ctx_new',
  'opa_eval_ctx_set_input', 'opa_eval_ctx_set_data', 'opa_eval_ctx_set_entrypoint', 'eval', 'opa_eval_ctx_get_result',
] as const;

/** Adding values to a loaded policy's data in place, through the Wasm ABI. */
interface DataWriter {
  call(name: (typeof ABI)[number], ...args: number[]): number;
  mem: { buffer: ArrayBuffer };
  dataAddr: number;
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
  const p = policy as unknown as PolicyInternals;
  const ex = p.wasmInstance?.exports;
  const { mem, dataAddr } = p;
  if (!ex || !mem || typeof dataAddr !== 'number' || typeof p.dataHeapPtr !== 'number') return undefined;
  if (!ABI.every((f) => typeof ex[f] === 'function')) return undefined;
  const call = (name: (typeof ABI)[number], ...args: number[]) => (ex[name] as WasmFn)(...args);
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
  w.begin();
  const ctx = w.call('opa_eval_ctx_new');
  w.call('opa_eval_ctx_set_input', ctx, 0);
  w.call('opa_eval_ctx_set_data', ctx, w.dataAddr);
  w.call('opa_eval_ctx_set_entrypoint', ctx, id);
  w.call('eval', ctx);
  return w.commit(['scan', 'shared', 'refs'], resultValue(w.mem, w.call('opa_eval_ctx_get_result', ctx)) ?? 0);
}

// OPA's value layout in the Wasm memory (wasm/src/value.h of the pinned OPA, 32-bit): a type
// byte, then for sets and objects the bucket array, its size and the count; a set element is
// (value, next), an object element (key, value, next); a string is (type, free flag, length,
// bytes). Read by hand because the ABI exports nothing that looks inside a value, and the
// result must be handed on as a value: the result set itself would do, but a rule reading a
// set member hashes it whole, documents and all, in every package.
const OPA_STRING = 4;
const OPA_OBJECT = 6;
const OPA_SET = 7;
const OPA_STRING_INTERNED = 8;

/**
 * The value of an evaluation's result set, `{ {"result": value} }`, when it is an object;
 * undefined for any other shape (and for a layout other than the one above: every read is
 * bounds-checked and every walk bounded).
 */
function resultValue(mem: { buffer: ArrayBuffer }, resultSet: number): number | undefined {
  const view = new DataView(mem.buffer);
  const u32 = (addr: number) => view.getUint32(addr, true); // throws a RangeError out of bounds
  const type = (addr: number) => (addr > 0 && addr < view.byteLength ? view.getUint8(addr) : 0);
  // The elements of a set or object: [key, value] (a set element is its own key).
  const elements = (addr: number, object: boolean): Array<[number, number]> => {
    const out: Array<[number, number]> = [];
    const buckets = u32(addr + 4);
    const n = u32(addr + 8);
    const len = u32(addr + 12);
    for (let i = 0; i < n && out.length <= len; i++) {
      for (let e = u32(buckets + 4 * i); e !== 0 && out.length <= len; e = u32(e + (object ? 8 : 4))) {
        out.push([u32(e), object ? u32(e + 4) : u32(e)]);
      }
    }
    if (out.length !== len) throw new RangeError('not an OPA set or object');
    return out;
  };
  const isString = (addr: number, text: string): boolean => {
    const t = type(addr);
    if (t !== OPA_STRING && t !== OPA_STRING_INTERNED) return false;
    const len = u32(addr + 4);
    return len === text.length && new TextDecoder().decode(new Uint8Array(mem.buffer, u32(addr + 8), len)) === text;
  };
  try {
    if (type(resultSet) !== OPA_SET) return undefined;
    const members = elements(resultSet, false);
    const element = members.length === 1 ? members[0]?.[1] : undefined;
    if (element === undefined || type(element) !== OPA_OBJECT) return undefined;
    const value = elements(element, true).find(([k]) => isString(k, 'result'))?.[1];
    return value !== undefined && type(value) === OPA_OBJECT ? value : undefined;
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

