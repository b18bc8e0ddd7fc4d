// Entry point of dist/eval-worker.js: the second thread of evaluate/parallel.ts. Loads the
// bundle with the scan as data and evaluates packages from the front of the shared queue until
// it meets the main thread, posting each result as it has it, then says it is done.
import { workerData } from 'node:worker_threads';
import type { LoadedPolicy } from '@open-policy-agent/opa-wasm';
import { toError } from '../errors.js';
import { fullCollection } from './collect.js';
import { loadPolicySync, loadScan, type PolicySource } from './instance.js';
import { DONE, drain, type WorkerData, type WorkerMessage } from './parallel.js';

const task = workerData as WorkerData;
const claims = new Int32Array(task.claims);

/**
 * The bundle with the scan loaded. The scan's bytes are then let go (workerData would keep
 * them for the worker's life): the instance holds its own copy.
 */
function load(): LoadedPolicy {
  const policy = loadPolicySync(task.module as PolicySource, { initial: task.pages });
  loadScan(policy, { bytes: new Uint8Array(task.data), items: task.items }, task.share);
  (task as Partial<WorkerData>).data = undefined;
  // The scan's JSON is shared memory: it goes once both threads have collected their hold on
  // it (collect.ts; the main thread collects once it has loaded, engine.ts).
  fullCollection();
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
