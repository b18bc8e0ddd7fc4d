// Entry point of dist/eval-worker.js: the second thread of evaluate/parallel.ts. Loads the
// bundle with the scan as data and evaluates packages from the front of the shared queue until
// it meets the main thread, posting each result as it has it, then says it is done.
import { receiveMessageOnPort, workerData } from 'node:worker_threads';
import type { LoadedPolicy } from '@open-policy-agent/opa-wasm';
import { toError } from '../errors.js';
import { fullCollection } from './collect.js';
import { CHUNK_BYTES, loadPolicySync, loadScan, type PolicySource } from './instance.js';
import { DONE, drain, HALF_WAIT_MS, MAIN_HALF, WORKER_HALF, type WorkerData, type WorkerMessage } from './parallel.js';
import type { HalfMessage, SplitLoad } from './split-load.js';

const task = workerData as WorkerData;
const claims = new Int32Array(task.claims);

/**
 * The bundle with the scan loaded. The scan's bytes are then let go (workerData would keep
 * them for the worker's life): the instance holds its own copy.
 */
function load(): LoadedPolicy {
  const policy = loaded();
  (task as Partial<WorkerData>).data = undefined;
  delete task.split;
  // The scan's JSON is shared memory: it goes once both threads have collected their hold on
  // it (collect.ts; the main thread collects once it has loaded, engine.ts).
  fullCollection();
  return policy;
}

/**
 * The bundle and the scan, in a frame of its own: a frame keeps what it passed to a call until
 * it returns, so the scan's JSON and the halves' scratch would outlive load()'s collection.
 */
function loaded(): LoadedPolicy {
  const policy = loadPolicySync(task.module as PolicySource, { initial: task.pages });
  loadScan(policy, { bytes: new Uint8Array(task.data), items: task.items }, task.share, CHUNK_BYTES, true, split());
  return policy;
}

const post = (message: WorkerMessage) => task.port.postMessage(message);

/**
 * The worker writes the documents from `split.at` on, the main thread the others (split-load.ts):
 * word of its half is posted before any result, and the main thread's read from the same port.
 */
function split(): SplitLoad | undefined {
  const { split } = task;
  if (!split) return undefined;
  const flags = new Int32Array(split.flags);
  return {
    part: 1,
    at: split.at,
    scratch: split.scratch,
    exchange(mine) {
      task.port.postMessage({ results: [], half: mine } satisfies WorkerMessage);
      Atomics.store(flags, WORKER_HALF, 1);
      Atomics.notify(flags, WORKER_HALF);
      const until = performance.now() + HALF_WAIT_MS;
      for (;;) {
        const m = receiveMessageOnPort(task.port);
        // The main thread wrote its half before it said so (its store orders those writes before this load).
        if (m) return Atomics.load(flags, MAIN_HALF) === 1 ? (m.message as { half?: HalfMessage }).half : undefined;
        if (performance.now() >= until) return undefined;
        Atomics.wait(flags, MAIN_HALF, 0, 50);
      }
    },
  };
}
try {
  const failure = drain(load(), task.entrypoints, claims, 'front', (index, value) => post({ results: [[index, value]] }));
  if (failure) post({ results: [], error: failure });
} catch (thrown) {
  post({ results: [], error: { index: -1, message: toError(thrown).message } });
} finally {
  Atomics.store(claims, DONE, 1);
  Atomics.notify(claims, DONE);
}
