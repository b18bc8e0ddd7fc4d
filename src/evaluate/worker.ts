// Entry point of dist/eval-worker.js: the second thread of evaluate/parallel.ts. Loads the
// bundle with the scan as data and evaluates packages from the shared counter until none is
// left, then posts its results and says it is done.
import { workerData } from 'node:worker_threads';
import * as opaWasm from '@open-policy-agent/opa-wasm';
import type { loadPolicySync as LoadPolicySync } from '@open-policy-agent/opa-wasm';
import { toError } from '../errors.js';
import { DONE, drain, loadScan, type WorkerData, type WorkerMessage } from './parallel.js';

const { loadPolicySync } = (opaWasm as unknown as { default: { loadPolicySync: typeof LoadPolicySync } }).default;
const task = workerData as WorkerData;
const counter = new Int32Array(task.counter);
let message: WorkerMessage = { results: [] };
try {
  const policy = loadPolicySync(task.module as Parameters<typeof LoadPolicySync>[0], { initial: task.pages });
  loadScan(policy, new Uint8Array(task.data), task.share);
  message = drain(policy, task.entrypoints, counter);
} catch (thrown) {
  message = { results: message.results, error: { index: -1, message: toError(thrown).message } };
} finally {
  task.port.postMessage(message);
  Atomics.store(counter, DONE, 1);
  Atomics.notify(counter, DONE);
}
