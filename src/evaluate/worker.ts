// Entry point of dist/eval-worker.js: the second thread of evaluate/parallel.ts. Waits for the
// scan, loads the bundle with the scan as data (the documents the main thread wrote copied in,
// direct-load.ts, or else the scan's JSON)
// and evaluates packages from the front of the shared queue until it meets the main thread,
// posting each result as it has it, then says it is done.
import { receiveMessageOnPort, workerData } from 'node:worker_threads';
import type { LoadedPolicy } from '@open-policy-agent/opa-wasm';
import { toError } from '../errors.js';
import { fullCollection } from './collect.js';
import { loadPolicySync, loadScan, type PolicySource } from './instance.js';
import { DONE, drain, SCAN, SCAN_WAIT_MS, type ScanMessage, type WorkerData, type WorkerMessage } from './parallel.js';

const task = workerData as WorkerData;
const claims = new Int32Array(task.claims);
const flags = new Int32Array(task.flags);

/** The next message from the main thread once it has said (`flag`) it posted one; undefined after SCAN_WAIT_MS. */
function nextMessage(flag: number): unknown {
  const until = performance.now() + SCAN_WAIT_MS;
  for (;;) {
    const m = receiveMessageOnPort(task.port);
    if (m) {
      // The main thread wrote the shared memory the message points to (the scan's JSON or
      // skeleton) before it said so: its store orders those writes before this load.
      while (Atomics.load(flags, flag) !== 1) Atomics.wait(flags, flag, 0, 5);
      return m.message;
    }
    if (performance.now() >= until) return undefined;
    Atomics.wait(flags, flag, 0, 50);
  }
}

/** The bundle with the scan loaded; the scan's JSON, shared memory, goes once both threads have collected their hold on it (collect.ts). */
function load(): LoadedPolicy {
  const policy = loaded();
  fullCollection();
  return policy;
}

/**
 * The bundle and the scan, in a frame of its own: a frame keeps what it passed to a call until
 * it returns, so the documents' block (or the scan's JSON) would outlive load()'s collection.
 */
function loaded(): LoadedPolicy {
  const { scan } = (nextMessage(SCAN) ?? {}) as Partial<ScanMessage>;
  if (!scan) throw new Error('the scan never came');
  const policy = loadPolicySync(task.module as PolicySource, { initial: scan.pages });
  if (scan.written) loadScan(policy, { skeleton: new Uint8Array(scan.data), written: scan.written }, scan.share);
  else loadScan(policy, { bytes: new Uint8Array(scan.data), items: scan.items }, scan.share);
  return policy;
}

const post = (message: WorkerMessage) => task.port.postMessage(message);

try {
  const failure = drain(load(), task.entrypoints, claims, 'front', (index, value) => post({ results: [[index, value]] }));
  if (failure) post({ results: [], error: failure });
} catch (thrown) {
  post({ results: [], error: { index: -1, message: toError(thrown).message } });
} finally {
  Atomics.store(claims, DONE, 1);
  Atomics.notify(claims, DONE);
}
