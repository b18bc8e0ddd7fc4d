// Evaluating the rule packages on both cores. A worker thread loads its own instance of the
// bundle with the same data, and both threads take packages from one shared queue until none
// is left, so the load balances itself: the worker from the front, the main thread from the
// back. The queue holds the packages with the largest heaps first (engine.ts, heap-order.ts),
// so only the worker's instance holds a large heap, and the main thread's only the small ones
// (heap-order.ts says why that lowers the peak). The worker posts each package's result as soon as it has it, and the main thread
// takes them between its own packages (receiveMessageOnPort), so neither a large result nor
// its copy waits for the end. scan() stays synchronous: at the end the main thread waits for
// the worker with Atomics.wait. Any package the worker took but did not finish (it failed to
// start, crashed, or timed out) is evaluated on the main thread, so the result never depends
// on the worker.
import fs from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import type { LoadedPolicy } from '@open-policy-agent/opa-wasm';
import { toError } from '../errors.js';
import { evaluateEntrypoint, type ScanJson } from './instance.js';
import type { WrittenDocuments } from './direct-load.js';

/** Slot 0 of the claims: 1 once the worker is done. Slot CLAIMS + i: 1 once a thread took package i. */
export const DONE = 0;
export const CLAIMS = 1;

/** The shared claims of `packages` packages, none taken. */
export function claimsFor(packages: number): Int32Array {
  return new Int32Array(new SharedArrayBuffer(4 * (CLAIMS + packages)));
}

/** Which end of the queue a thread takes packages from. */
export type End = 'front' | 'back';

export interface WorkerData {
  module: object;
  entrypoints: readonly string[];
  /** The claims (claimsFor); the worker takes from the front. */
  claims: SharedArrayBuffer;
  port: MessagePort;
  /** Slot SCAN: 1 once the scan was posted. */
  flags: SharedArrayBuffer;
}

/**
 * The scan, posted to the worker once it is serialised: the worker is started before, so that
 * starting a thread and loading its bundle overlap the serialising.
 */
export interface ScanMessage {
  scan: {
    data: SharedArrayBuffer;
    /** Where each document starts in `data` (ScanJson.items). */
    items: Int32Array;
    /** Compute the shared values first (loadScan). */
    share: boolean;
    pages: number;
    /** `data` is the scan's skeleton, and these are its documents as the main thread wrote them (direct-load.ts). */
    written?: WrittenDocuments;
  };
}

/** The slot of WorkerData.flags that is 1 once the scan was posted. */
export const SCAN = 0;

/**
 * Posts `message` on `port` (moving `transfer` with it) and says so in `flags[slot]`: the store
 * orders every write made before it (to the shared memory the message points to) before the
 * other thread's load of the flag.
 */
export function postAndSignal(
  port: { postMessage(message: unknown, transfer?: ArrayBuffer[]): void }, message: unknown, flags: Int32Array, slot: number, transfer: ArrayBuffer[] = [],
): void {
  port.postMessage(message, transfer);
  Atomics.store(flags, slot, 1);
  Atomics.notify(flags, slot);
}

/** How long the worker waits for the scan. */
export const SCAN_WAIT_MS = 600_000;

/** What the worker posts: the results of packages it evaluated, or the failure that stopped it. */
export interface WorkerMessage {
  results: Array<[number, unknown]>;
  /** index -1: the worker could not load the bundle or the scan (no package failed). */
  error?: { index: number; message: string };
}

export type PackageFailure = NonNullable<WorkerMessage['error']>;

/**
 * Evaluates packages from one end of the queue, claiming each, until it reaches one the other
 * thread claimed (the other thread claims from its end without gaps, so all beyond are
 * claimed too) or the end. Hands each result to `deliver` and calls `between` after each
 * package. Stops at the first failure and says which package failed.
 */
export function drain(
  policy: LoadedPolicy, entrypoints: readonly string[], claims: Int32Array, end: End,
  deliver: (index: number, value: unknown) => void, between: () => void = () => undefined,
): PackageFailure | undefined {
  const n = entrypoints.length;
  for (let k = 0; k < n; k++) {
    const index = end === 'front' ? k : n - 1 - k;
    if (Atomics.compareExchange(claims, CLAIMS + index, 0, 1) !== 0) return undefined;
    let value: unknown;
    try {
      value = evaluateEntrypoint(policy, entrypoints[index] as string);
    } catch (thrown) {
      return { index, message: toError(thrown).message };
    }
    deliver(index, value);
    between();
  }
  return undefined;
}

/** The bytes in shared memory: their own buffer when it is one, else a copy. */
function shared(bytes: Uint8Array): SharedArrayBuffer {
  if (bytes.buffer instanceof SharedArrayBuffer && bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength) return bytes.buffer;
  const data = new SharedArrayBuffer(bytes.byteLength);
  new Uint8Array(data).set(bytes);
  return data;
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
  /**
   * Posts the scan to the worker, which waits for it before anything else: its JSON, or its
   * skeleton and the documents the main thread wrote (direct-load.ts).
   */
  send(scan: ScanJson, share: boolean, pages: number): void;
  sendWritten(skeleton: Uint8Array, written: WrittenDocuments, share: boolean, pages: number): void;
  /** Hands `take` every result the worker has posted so far, without waiting; its failure, if it posted one. */
  poll(take: (index: number, value: unknown) => void): PackageFailure | undefined;
  /**
   * Waits for the worker only when `missing()` says it holds packages the main thread lacks,
   * hands `take` the rest of its results, and stops it; its failure, if it posted one.
   */
  collect(missing: () => boolean, take: (index: number, value: unknown) => void): PackageFailure | undefined;
  /** Stops the worker, whatever it is doing or waiting for. */
  stop(): void;
  /** Results the worker delivered. */
  readonly delivered: number;
}

/**
 * The worker's young generation, capped: it parses the documents' JSON a chunk at a time to
 * write them into its instance (writer.ts), and on Node.js 24 V8 would otherwise let the young
 * generation grow to 128 MB and keep it. At 10,216 documents the peak was 550 MB with 48 MB
 * (the scan thread's cap, src/isolate.ts), 530 MB with 16 MB and 521–530 MB with 8 MB, in
 * the same time.
 */
const WORKER_YOUNG_GENERATION_MB = 16;

/**
 * Starts the worker, or returns undefined when there is none to start (src/ under test).
 * `script` replaces dist/eval-worker.js (tests of the protocol).
 */
export function startHelper(
  module: object, entrypoints: readonly string[], claims: Int32Array, script: string | undefined = workerScript(),
): Helper | undefined {
  if (!script) return undefined;
  const { port1, port2 } = new MessageChannel();
  const flags = new Int32Array(new SharedArrayBuffer(4));
  let worker: Worker;
  try {
    const workerData: WorkerData = { module, entrypoints, claims: claims.buffer as SharedArrayBuffer, port: port2, flags: flags.buffer as SharedArrayBuffer };
    worker = new Worker(script, { workerData, transferList: [port2], resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB } });
  } catch {
    return undefined;
  }
  worker.unref();
  worker.on('error', () => {
    // Reported through the missing results: the main thread evaluates what the worker lacked.
  });
  const stop = () => {
    port1.close();
    void worker.terminate();
  };
  let delivered = 0;
  let failure: PackageFailure | undefined;
  const poll = (take: (index: number, value: unknown) => void): PackageFailure | undefined => {
    for (let m = receiveMessageOnPort(port1); m; m = receiveMessageOnPort(port1)) {
      const message = m.message as WorkerMessage;
      for (const [index, value] of message.results) {
        delivered++;
        take(index, value);
      }
      failure ??= message.error;
    }
    return failure;
  };
  return {
    send(scan, share, pages) {
      const message: ScanMessage = { scan: { data: shared(scan.bytes), items: scan.items, share, pages } };
      postAndSignal(port1, message, flags, SCAN);
    },
    sendWritten(skeleton, written, share, pages) {
      const message: ScanMessage = { scan: { data: shared(skeleton), items: new Int32Array(0), share, pages, written } };
      // The block moves to the worker: this thread keeps no hold on it, so nothing here has to
      // be collected to let it go (the worker lets it go once it has copied it, worker.ts).
      postAndSignal(port1, message, flags, SCAN, [written.block]);
    },
    poll,
    collect(missing, take) {
      poll(take);
      if (missing()) {
        // The worker holds packages: wait for it (10 minutes at most, then do them here).
        Atomics.wait(claims, DONE, 0, 600_000);
        poll(take);
      }
      stop();
      return failure;
    },
    stop,
    get delivered() {
      return delivered;
    },
  };
}
