// The protocol between the main thread and the evaluation worker (src/evaluate/parallel.ts):
// the worker posts each package's result as it has it, the main thread takes them between its
// own packages (poll) and at the end (collect), and a failure says which package failed, or
// -1 when the worker could not start its work at all. The real worker (dist/eval-worker.js) is
// run by __tests__/dist.test.ts; here a scripted one follows the same protocol, so each case,
// a crash included, is certain to happen.
import { afterAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { CLAIMS, claimsFor, DONE, SCAN, startHelper, type Helper } from '../../src/evaluate/parallel.js';
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

// Waits for the scan and gives back what it read of it: the skeleton's bytes, the block's
// bytes and the documents' addresses (direct-load.ts), or the JSON's bytes and offsets.
const SCAN_SCRIPT = `
import { receiveMessageOnPort, workerData } from 'node:worker_threads';
const { entrypoints, port } = workerData;
const counter = new Int32Array(workerData.claims);
const flags = new Int32Array(workerData.flags);
// "spin": counts forever in the claims' first slot, a scan or not.
while (entrypoints[0] === 'spin') { Atomics.add(counter, ${CLAIMS}, 1); Atomics.wait(flags, ${SCAN}, 0, 2); }
let first;
while (!(first = receiveMessageOnPort(port))) Atomics.wait(flags, ${SCAN}, 0, 50);
const { scan } = first.message;
const seen = { data: [...new Uint8Array(scan.data)], items: [...scan.items], share: scan.share, pages: scan.pages, flag: Atomics.load(flags, ${SCAN}) };
if (scan.written) Object.assign(seen, { base: scan.written.base, block: [...new Uint8Array(scan.written.block)], values: [...scan.written.values], shared: scan.written.block instanceof SharedArrayBuffer });
port.postMessage({ results: [[0, seen]] });
Atomics.store(counter, ${DONE}, 1);
Atomics.notify(counter, ${DONE});
`;

describe('the scan posted to the worker', () => {
  function scanScripted(entrypoints: string[], claims = claimsFor(entrypoints.length)): Helper {
    const dir = tempDir({ 'worker.mjs': SCAN_SCRIPT }, 'epg-worker-');
    dirs.push(dir);
    const helper = startHelper({}, entrypoints, claims, path.join(dir, 'worker.mjs'));
    if (!helper) throw new Error('the scripted worker did not start');
    return helper;
  }

  function reply(helper: Helper): unknown {
    const got = new Map<number, unknown>();
    expect(helper.collect(() => got.size < 1, (i, v) => got.set(i, v))).toBeUndefined();
    return got.get(0);
  }

  it('gives the worker the skeleton and the block of documents the main thread wrote, which it no longer holds', () => {
    const helper = scanScripted(['ok-0']);
    const block = new Uint8Array([9, 8, 7, 6]).buffer;
    helper.sendWritten(new Uint8Array([1, 2, 3]), { base: 1 << 20, block, values: new Uint32Array([(1 << 20) + 2]) }, true, 300);
    // Moved, not copied: nothing of it is left on this thread to collect.
    expect(block.byteLength).toBe(0);
    expect(reply(helper)).toEqual({
      data: [1, 2, 3], items: [], share: true, pages: 300, flag: 1, base: 1 << 20, block: [9, 8, 7, 6], values: [(1 << 20) + 2], shared: false,
    });
  });

  it('gives the worker the scan\'s JSON and its documents\' offsets', () => {
    const helper = scanScripted(['ok-0']);
    helper.send({ bytes: new Uint8Array([4, 5, 6]), items: new Int32Array([1, 2]) }, false, 256);
    expect(reply(helper)).toEqual({ data: [4, 5, 6], items: [1, 2], share: false, pages: 256, flag: 1 });
  });

  it('stops a worker whatever it is doing (a load that failed leaves none waiting)', () => {
    const claims = claimsFor(1);
    const helper = scanScripted(['spin'], claims);
    const sleep = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
    for (let i = 0; i < 500 && Atomics.load(claims, CLAIMS) === 0; i++) sleep(10);
    expect(Atomics.load(claims, CLAIMS)).toBeGreaterThan(0);
    helper.stop();
    sleep(300);
    const counted = Atomics.load(claims, CLAIMS);
    sleep(300);
    expect(Atomics.load(claims, CLAIMS)).toBe(counted);
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
