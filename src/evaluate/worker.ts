// Entry point of dist/eval-worker.js: the second thread of evaluate/parallel.ts. Loads the
// bundle with the scan as data and evaluates packages from the shared counter until none is
// left, then posts its results and says it is done.
import { workerData } from 'node:worker_threads';
import type { LoadedPolicy } from '@open-policy-agent/opa-wasm';
import { toError } from '../errors.js';
import { loadPolicySync, loadScan, type PolicySource } from './instance.js';
import { DONE, drain, type WorkerData, type WorkerMessage } from './parallel.js';

const task = workerData as WorkerData;
const counter = new Int32Array(task.counter);
let message: WorkerMessage = { results: [] };

/**
 * The bundle with the scan loaded. The scan's bytes are then let go (workerData would keep
 * them for the worker's life): the instance holds its own copy.
 */
function load(): LoadedPolicy {
  const policy = loadPolicySync(task.module as PolicySource, { initial: task.pages });
  loadScan(policy, new Uint8Array(task.data), task.share);
  (task as Partial<WorkerData>).data = undefined;
  return policy;
}

try {
  message = drain(load(), task.entrypoints, counter);
} catch (thrown) {
  message = { results: message.results, error: { index: -1, message: toError(thrown).message } };
} finally {
  task.port.postMessage(message);
  Atomics.store(counter, DONE, 1);
  Atomics.notify(counter, DONE);
}
