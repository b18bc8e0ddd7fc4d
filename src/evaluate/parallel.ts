// Evaluating the rule packages on both cores. A worker thread loads its own instance of the
// bundle with the same data, and both threads take packages from one shared counter until none
// is left, so the load balances itself. scan() stays synchronous: the main thread waits for the
// worker with Atomics.wait and takes its results with receiveMessageOnPort. Any package the
// worker took but did not finish (it failed to start, crashed, or timed out) is evaluated on the
// main thread, so the result never depends on the worker.
import fs from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import type { LoadedPolicy } from '@open-policy-agent/opa-wasm';
import { toError } from '../errors.js';

/** Slot 0: index of the next package to take. Slot 1: 1 once the worker is done. */
export const NEXT = 0;
export const DONE = 1;

export interface WorkerData {
  module: object;
  data: SharedArrayBuffer;
  /** Compute the shared values first (loadScan). */
  share: boolean;
  pages: number;
  entrypoints: readonly string[];
  counter: SharedArrayBuffer;
  port: MessagePort;
}

export interface WorkerMessage {
  results: Array<[number, unknown]>;
  error?: { index: number; message: string };
}

export function resultOf(result: unknown): unknown {
  return Array.isArray(result) && result.length > 0 ? (result[0] as { result?: unknown }).result : undefined;
}

/** Entrypoint of the values every rule package shares (rego/lib/shared.rego). */
export const SHARED_ENTRYPOINT = 'eks/entry/shared';

/**
 * Loads the scan (`{"scan": ...}` as JSON bytes) as the policy's data. With `share`, it then
 * evaluates the shared values once and adds them to the data as `scan.shared`, which every
 * package reads as `input.shared`: PSA's per-namespace policies, the kind index and the plan
 * resources are then computed once per scan instead of once per package. Says how the shared
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

/**
 * Evaluates packages taken from the shared counter until none is left. Stops at the first
 * failure and says which package failed.
 */
export function drain(policy: LoadedPolicy, entrypoints: readonly string[], counter: Int32Array): WorkerMessage {
  const results: Array<[number, unknown]> = [];
  for (;;) {
    const index = Atomics.add(counter, NEXT, 1);
    if (index >= entrypoints.length) return { results };
    try {
      results.push([index, resultOf(policy.evaluate(undefined, entrypoints[index]))]);
    } catch (thrown) {
      return { results, error: { index, message: toError(thrown).message } };
    }
  }
}

/** The worker script beside the running bundle (dist/eval-worker.js); absent when running src/. */
function workerScript(): string | undefined {
  const file = fileURLToPath(new URL('./eval-worker.js', import.meta.url));
  return fs.existsSync(file) ? file : undefined;
}

/** Threads to use: EKS_POLICY_GATE_THREADS, else 2 on a machine with at least 2 cores. */
export function threads(): number {
  const configured = Number(process.env.EKS_POLICY_GATE_THREADS);
  if (Number.isInteger(configured) && configured >= 1) return Math.min(configured, 2);
  const cores = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
  return cores >= 2 ? 2 : 1;
}

export interface Helper {
  /** The worker's results; waits for it only when it holds packages the main thread lacks. */
  collect(missing: () => boolean): WorkerMessage | undefined;
}

/** Starts the worker, or returns undefined when there is none to start (src/ under test). */
export function startHelper(
  module: object, data: Uint8Array, share: boolean, pages: number, entrypoints: readonly string[], counter: Int32Array,
): Helper | undefined {
  const script = workerScript();
  if (!script) return undefined;
  const shared = new SharedArrayBuffer(data.byteLength);
  new Uint8Array(shared).set(data);
  const { port1, port2 } = new MessageChannel();
  let worker: Worker;
  try {
    const workerData: WorkerData = { module, data: shared, share, pages, entrypoints, counter: counter.buffer as SharedArrayBuffer, port: port2 };
    worker = new Worker(script, { workerData, transferList: [port2] });
  } catch {
    return undefined;
  }
  worker.unref();
  worker.on('error', () => {
    // Reported through the missing results: the main thread evaluates what the worker lacked.
  });
  return {
    collect(missing) {
      let message: WorkerMessage | undefined;
      if (missing()) {
        // The worker holds packages: wait for it (10 minutes at most, then do them here).
        Atomics.wait(counter, DONE, 0, 600_000);
        message = receiveMessageOnPort(port1)?.message as WorkerMessage | undefined;
      }
      port1.close();
      void worker.terminate();
      return message;
    },
  };
}
