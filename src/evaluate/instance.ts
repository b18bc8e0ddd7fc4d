// A Wasm instance of the policy bundle with the scan loaded as its data: the SDK's loader, the
// values every rule package shares added to that data, and the result of one evaluation. Used
// by the engine's two threads (engine.ts, worker.ts) and by the benchmarks.
import * as opaWasm from '@open-policy-agent/opa-wasm';
import type { LoadedPolicy, loadPolicySync as LoadPolicySync } from '@open-policy-agent/opa-wasm';
import { kindIndex, type PolicyInput } from './input.js';

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

/**
 * The scan as the JSON bytes loadScan takes (`{"scan": ...}`). With `share`, it carries the
 * shared value that is cheaper to build here than in Rego: the kind index (input.ts kindIndex).
 */
export function scanBytes(input: PolicyInput, share: boolean): Uint8Array {
  const scan: PolicyInput = share ? { ...input, shared: { kinds: kindIndex(input.documents) } } : input;
  return new TextEncoder().encode(`{"scan":${JSON.stringify(scan)}}`);
}

/**
 * Loads the scan (scanBytes) as the policy's data. With `share`, it then evaluates the shared
 * values once and adds them to the data as `scan.shared`, which every package reads as
 * `input.shared`: PSA's per-namespace policies, the kind index and the plan resources are then
 * computed once per scan instead of once per package. Says how the shared
 * values were added: in place (graft), by loading the data again (reload), or not at all.
 */
export function loadScan(policy: LoadedPolicy, bytes: Uint8Array, share: boolean): 'graft' | 'reload' | 'none' {
  policy.setData(exactBuffer(bytes));
  if (!share || !Object.prototype.hasOwnProperty.call(policy.entrypoints, SHARED_ENTRYPOINT)) return 'none';
  const shared = resultOf(policy.evaluate(undefined, SHARED_ENTRYPOINT));
  if (shared === undefined) return 'none';
  const text = JSON.stringify(shared);
  if (graft(policy, ['scan', 'shared'], text)) return 'graft';
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

/**
 * Adds a JSON value to the loaded data at `path`, with the ABI's opa_value_add_path, and keeps
 * it below the heap every evaluation starts from. Loading the data again instead would parse
 * the whole scan a second time. False, having changed nothing, when the SDK is not shaped as
 * expected.
 */
function graft(policy: LoadedPolicy, path: string[], json: string): boolean {
  const p = policy as unknown as PolicyInternals;
  const ex = p.wasmInstance?.exports;
  const fns = ['opa_heap_ptr_set', 'opa_heap_ptr_get', 'opa_malloc', 'opa_json_parse', 'opa_value_add_path'] as const;
  if (!ex || !p.mem || typeof p.dataAddr !== 'number' || typeof p.dataHeapPtr !== 'number') return false;
  if (!fns.every((f) => typeof ex[f] === 'function')) return false;
  const [heapSet, heapGet, malloc, parse, addPath] = fns.map((f) => ex[f] as WasmFn) as [WasmFn, WasmFn, WasmFn, WasmFn, WasmFn];
  const mem = p.mem;
  const load = (text: string): number => {
    const bytes = new TextEncoder().encode(text);
    const addr = malloc(bytes.byteLength);
    new Uint8Array(mem.buffer).set(bytes, addr); // after malloc: it may have grown the memory
    return parse(addr, bytes.byteLength);
  };
  heapSet(p.dataHeapPtr);
  const value = load(json);
  const at = load(JSON.stringify(path));
  if (value === 0 || at === 0 || addPath(p.dataAddr, at, value) !== 0) {
    heapSet(p.dataHeapPtr);
    return false;
  }
  p.dataHeapPtr = heapGet();
  return true;
}

/** The bytes as an ArrayBuffer of their own (setData reads a whole buffer; a SharedArrayBuffer is not one). */
function exactBuffer(bytes: Uint8Array): ArrayBuffer {
  return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength && bytes.buffer instanceof ArrayBuffer
    ? bytes.buffer
    : bytes.slice().buffer;
}

