// The protocol between the main thread and the evaluation worker (src/evaluate/parallel.ts):
// the worker posts each package's result as it has it, the main thread takes them between its
// own packages (poll) and at the end (collect), and a failure says which package failed, or
// -1 when the worker could not start its work at all. The real worker (dist/eval-worker.js) is
// run by __tests__/dist.test.ts; here a scripted one follows the same protocol, so each case,
// a crash included, is certain to happen.
import { afterAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { CLAIMS, claimsFor, DONE, MAIN_HALF, SCAN, startHelper, WORKER_HALF, type Helper } from '../../src/evaluate/parallel.js';
import { tempDir } from '../helpers.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

// Takes packages from the front of the claims like drain(): "ok" packages give their name back, "slow" ones
// too after 50 ms, "fail" ones stop the worker with a failure; a first package named "crash"
// makes the worker fail before taking any.
const SCRIPT = `
import { workerData } from 'node:worker_threads';
const { entrypoints, port } = workerData;
const counter = new Int32Array(workerData.claims);
const sleep = (ms) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
try {
  if (entrypoints[0] === 'crash') throw new Error('cannot load the bundle');
  for (let index = 0; index < entrypoints.length; index++) {
    if (Atomics.compareExchange(counter, ${CLAIMS} + index, 0, 1) !== 0) break;
    const name = entrypoints[index];
    if (name.startsWith('slow')) sleep(50);
    if (name.startsWith('fail')) { port.postMessage({ results: [], error: { index, message: 'conflict in ' + name } }); break; }
    port.postMessage({ results: [[index, { name, by: 'worker' }]] });
  }
} catch (e) {
  port.postMessage({ results: [], error: { index: -1, message: e.message } });
} finally {
  Atomics.store(counter, ${DONE}, 1);
  Atomics.notify(counter, ${DONE});
}
`;

function scripted(entrypoints: string[]): { helper: Helper; counter: Int32Array } {
  const dir = tempDir({ 'worker.mjs': SCRIPT }, 'epg-worker-');
  dirs.push(dir);
  const counter = claimsFor(entrypoints.length);
  const helper = startHelper({}, entrypoints, counter, path.join(dir, 'worker.mjs'));
  if (!helper) throw new Error('the scripted worker did not start');
  return { helper, counter };
}

// With a split (split-load.ts): waits for the scan, gives word of its half (or none, when its
// first package is "silent"), reads the main thread's word once it is there, and gives back the
// base it read.
const SPLIT_SCRIPT = `
import { receiveMessageOnPort, workerData } from 'node:worker_threads';
const { entrypoints, port } = workerData;
const counter = new Int32Array(workerData.claims);
const flags = new Int32Array(workerData.flags);
// "spin": counts forever in the claims' first slot, a scan or not.
while (entrypoints[0] === 'spin') { Atomics.add(counter, ${CLAIMS}, 1); Atomics.wait(flags, ${SCAN}, 0, 2); }
let first;
while (!(first = receiveMessageOnPort(port))) Atomics.wait(flags, ${SCAN}, 0, 50);
const { split } = first.message.scan;
if (entrypoints[0] !== 'silent') {
  port.postMessage({ results: [], half: { ok: true, base: 1 << 20, lengths: [65536, 65536], used: 8, values: new Uint32Array([split.at]) } });
  Atomics.store(flags, ${WORKER_HALF}, 1);
  Atomics.notify(flags, ${WORKER_HALF});
  let m;
  while (!(m = receiveMessageOnPort(port))) Atomics.wait(flags, ${MAIN_HALF}, 0, 50);
  port.postMessage({ results: [[0, { main: m.message.half.base }]] });
}
Atomics.store(counter, ${DONE}, 1);
Atomics.notify(counter, ${DONE});
`;

describe('word of the halves of the documents (split-load.ts)', () => {
  function splitScripted(entrypoints: string[], claims = claimsFor(entrypoints.length)): Helper {
    const dir = tempDir({ 'worker.mjs': SPLIT_SCRIPT }, 'epg-worker-');
    dirs.push(dir);
    const helper = startHelper({}, entrypoints, claims, path.join(dir, 'worker.mjs'));
    if (!helper) throw new Error('the scripted worker did not start');
    helper.send({ bytes: new Uint8Array([1, 2, 3]), items: new Int32Array([1, 2]) }, true, 1, { at: 3, scratch: new SharedArrayBuffer(8) });
    return helper;
  }

  it('gives the main thread the worker\'s word, and the worker the main thread\'s', () => {
    const helper = splitScripted(['ok-0']);
    const got = new Map<number, unknown>();
    const theirs = helper.exchange({ ok: true, base: 7 << 20, lengths: [1, 1], used: 0, values: new Uint32Array() }, (i, v) => got.set(i, v));
    expect(theirs).toMatchObject({ ok: true, base: 1 << 20, used: 8 });
    expect([...(theirs?.values ?? [])]).toEqual([3]);
    expect(helper.collect(() => got.size < 1, (i, v) => got.set(i, v))).toBeUndefined();
    expect(got.get(0)).toEqual({ main: 7 << 20 });
  });

  it('stops a worker whatever it is doing (a load that failed leaves none waiting)', () => {
    const claims = claimsFor(1);
    const helper = splitScripted(['spin'], claims);
    const sleep = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
    for (let i = 0; i < 500 && Atomics.load(claims, CLAIMS) === 0; i++) sleep(10);
    expect(Atomics.load(claims, CLAIMS)).toBeGreaterThan(0);
    helper.stop();
    sleep(300);
    const counted = Atomics.load(claims, CLAIMS);
    sleep(300);
    expect(Atomics.load(claims, CLAIMS)).toBe(counted);
  });

  it('gives the main thread no word, without waiting long, when the worker ends without giving any', () => {
    const helper = splitScripted(['silent']);
    const started = performance.now();
    expect(helper.exchange({ ok: false, base: 0, lengths: [0, 0] }, () => undefined)).toBeUndefined();
    expect(performance.now() - started).toBeLessThan(10_000);
    helper.collect(() => false, () => undefined);
  });
});

describe('the evaluation worker protocol', () => {
  it('hands over every package the worker evaluated, once, when the main thread takes none', () => {
    const names = Array.from({ length: 40 }, (_, i) => `ok-${i}`);
    const { helper } = scripted(names);
    const got = new Map<number, unknown>();
    const failure = helper.collect(() => got.size < names.length, (i, v) => {
      expect(got.has(i)).toBe(false);
      got.set(i, v);
    });
    expect(failure).toBeUndefined();
    expect([...got.keys()].sort((a, b) => a - b)).toEqual(names.map((_, i) => i));
    expect(got.get(7)).toEqual({ name: 'ok-7', by: 'worker' });
    expect(helper.delivered).toBe(names.length);
  });

  it('delivers results while the worker is still busy, and shares the queue with the main thread from its other end', () => {
    const names = Array.from({ length: 30 }, (_, i) => `slow-${i}`);
    const { helper, counter } = scripted(names);
    const got = new Map<number, string>();
    let takenWhileBusy = 0;
    // The main thread's side of drain(): claim a package from the back, "evaluate" it for 20 ms, then poll.
    for (let index = names.length - 1; index >= 0; index--) {
      if (Atomics.compareExchange(counter, CLAIMS + index, 0, 1) !== 0) break;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20);
      got.set(index, 'main');
      const before = got.size;
      expect(helper.poll((i) => got.set(i, 'worker'))).toBeUndefined();
      if (got.size > before && Atomics.load(counter, DONE) === 0) takenWhileBusy++;
    }
    helper.collect(() => got.size < names.length, (i) => got.set(i, 'worker'));
    expect(got.size).toBe(names.length);
    const byWorker = [...got.values()].filter((v) => v === 'worker').length;
    expect(byWorker).toBeGreaterThan(0);
    expect(byWorker).toBeLessThan(names.length);
    expect(helper.delivered).toBe(byWorker);
    expect(takenWhileBusy).toBeGreaterThan(0);
    // The worker took the front of the queue and the main thread the back, with no gap between.
    const order = names.map((_, i) => got.get(i));
    expect(order.slice(0, byWorker).every((v) => v === 'worker')).toBe(true);
    expect(order.slice(byWorker).every((v) => v === 'main')).toBe(true);
  });

  it('says which package failed, with the results before it', () => {
    const { helper } = scripted(['ok-0', 'ok-1', 'fail-2', 'ok-3']);
    const got = new Map<number, unknown>();
    const failure = helper.collect(() => true, (i, v) => got.set(i, v));
    expect(failure).toEqual({ index: 2, message: 'conflict in fail-2' });
    expect([...got.keys()]).toEqual([0, 1]);
  });

  it('reports a worker that could not start its work as index -1, having delivered nothing', () => {
    const { helper } = scripted(['crash', 'ok-1']);
    const got = new Map<number, unknown>();
    const failure = helper.collect(() => true, (i, v) => got.set(i, v));
    expect(failure).toEqual({ index: -1, message: 'cannot load the bundle' });
    expect(got.size).toBe(0);
    expect(helper.delivered).toBe(0);
  });
});
