// Renderer runs side by side (src/run-pool.ts): a worker thread runs the processes, as
// many at once as asked, and each result is what spawnSync gives for the same process.
import { afterAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { RunPool, WORKER_BODY } from '../src/run-pool.js';
import { Sandbox, type ToolRun } from '../src/load/helm/tools.js';

const sandbox = new Sandbox();
afterAll(() => sandbox.dispose());

const sh = (script: string, timeoutSeconds = 30, maxBytes?: number) =>
  ({ bin: '/bin/sh', args: ['-c', script], opts: { cwd: sandbox.dir, timeoutSeconds, ...(maxBytes ? { maxBytes } : {}) } });
/** A process's state letter from Linux's /proc (`S` sleeping, `Z` a zombie), or 'gone'. */
const processState = (pid: number): string =>
  fs.existsSync(`/proc/${pid}/stat`) ? (fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1] ?? '').charAt(0) : 'gone';
/** A run without its duration, which differs from run to run. */
const outcome = ({ ms, ...rest }: ToolRun) => (expect(ms).toBeGreaterThanOrEqual(0), rest);

describe('RunPool', () => {
  it('runs as many processes at once as asked, each result its own', () => {
    const pool = new RunPool(2);
    const t0 = performance.now();
    const runs = [0, 1, 2, 3].map((i) => {
      const { bin, args, opts } = sh(`sleep 0.4; echo out ${i}; echo err ${i} >&2; exit ${i}`);
      return sandbox.start(pool, bin, args, opts);
    });
    const results = runs.map((r) => outcome(r.result()));
    const elapsed = performance.now() - t0;
    pool.close();
    expect(results).toEqual([0, 1, 2, 3].map((i) => ({ status: i, stdout: `out ${i}\n`, stderr: `err ${i}\n`, timedOut: false })));
    // Two at a time: about two rounds of 0.4 s, where one at a time takes four.
    expect(elapsed).toBeLessThan(1_400);
    expect(elapsed).toBeGreaterThanOrEqual(790);
  });

  it('gives what spawnSync gives: a timeout, output past the limit, a binary that is not there, characters split across reads', () => {
    const cases = [
      sh('exec sleep 5', 0.3),
      sh('head -c 300000 /dev/zero | tr "\\\\0" x', 30, 100_000),
      { bin: '/nonexistent/helm', args: [], opts: { cwd: sandbox.dir, timeoutSeconds: 30 } },
      sh(`i=0; while [ $i -lt 20000 ]; do printf 'é€😀'; i=$((i+1)); done`),
    ];
    const pool = new RunPool(2);
    const pending = cases.map(({ bin, args, opts }) => sandbox.start(pool, bin, args, opts));
    const pooled = pending.map((p) => outcome(p.result()));
    pool.close();
    const direct = cases.map(({ bin, args, opts }) => outcome(sandbox.run(bin, args, opts)));
    expect(pooled[0]).toMatchObject({ status: null, timedOut: true });
    expect(pooled[1]).toMatchObject({ status: null, overflow: true, timedOut: false });
    expect(pooled[2]).toMatchObject({ status: null, timedOut: false, error: expect.stringContaining('ENOENT') });
    expect(pooled[3]).toEqual({ status: 0, stdout: 'é€😀'.repeat(20000), stderr: '', timedOut: false });
    // spawnSync's results for the same runs: the same but for the output cut at the limit, which
    // neither keeps whole, and the wording of the error.
    expect(direct[0]).toMatchObject({ status: null, timedOut: true });
    expect(direct[1]).toMatchObject({ overflow: true });
    expect(direct[2]).toMatchObject({ status: null, error: expect.stringContaining('ENOENT') });
    expect(direct[3]).toEqual(pooled[3]);
  });

  // The scan's thread waits synchronously, so it cannot hear the worker's 'error' event: the
  // worker itself says it failed, however it fails, and the wait ends at once.
  it.each([
    ['the worker\'s code throws as it starts', "throw new Error('process.getBuiltinModule is missing');"],
    ['a callback of the worker throws after it started', "require('node:worker_threads').workerData.port.on('message', () => setTimeout(() => { throw new Error('boom'); }, 10));"],
    ['the worker exits after it started', "require('node:worker_threads').workerData.port.on('message', () => setTimeout(() => process.exit(0), 10));"],
  ])('runs on the calling thread at once when %s', (_, body) => {
    const pool = new RunPool(2, body);
    const { bin, args, opts } = sh('echo fallback', 30);
    const t0 = performance.now();
    expect(outcome(sandbox.start(pool, bin, args, opts).result())).toEqual({ status: 0, stdout: 'fallback\n', stderr: '', timedOut: false });
    // Not the run's 30 s timeout and the grace after it.
    expect(performance.now() - t0).toBeLessThan(5_000);
    pool.close();
  });

  it('takes a worker that stops answering for dead: one wait lasts the timeout and the grace, the next ones none', () => {
    const silent = "require('node:worker_threads').workerData.port.on('message', () => {});";
    const pool = new RunPool(2, silent, 300);
    const first = sh('echo first', 0.3);
    const second = sh('echo second', 0.3);
    const pending = [first, second].map(({ bin, args, opts }) => sandbox.start(pool, bin, args, opts));
    let t0 = performance.now();
    expect(outcome((pending[0] as (typeof pending)[number]).result())).toMatchObject({ status: 0, stdout: 'first\n' });
    const waited = performance.now() - t0;
    expect(waited).toBeGreaterThanOrEqual(590);
    expect(waited).toBeLessThan(3_000);
    t0 = performance.now();
    expect(outcome((pending[1] as (typeof pending)[number]).result())).toMatchObject({ status: 0, stdout: 'second\n' });
    const third = sh('echo third', 0.3);
    expect(outcome(sandbox.start(pool, third.bin, third.args, third.opts).result())).toMatchObject({ status: 0, stdout: 'third\n' });
    // Each of these is its own spawnSync and nothing more.
    expect(performance.now() - t0).toBeLessThan(450);
    pool.close();
  });

  it('runs on the calling thread when the worker cannot run', () => {
    const broken = "const f = new Int32Array(require('node:worker_threads').workerData.posted); Atomics.store(f, 1, 1); Atomics.notify(f, 0);";
    const pool = new RunPool(2, broken);
    const { bin, args, opts } = sh('echo fallback');
    const t0 = performance.now();
    expect(outcome(sandbox.start(pool, bin, args, opts).result())).toEqual({ status: 0, stdout: 'fallback\n', stderr: '', timedOut: false });
    expect(performance.now() - t0).toBeLessThan(5_000);
    pool.close();
  });

  // The worker dies while its process runs: nothing would stop that process (nor the one it
  // started) at its timeout, and the run is made again here, so the pool stops them.
  it('stops the processes a dead worker left running before it runs the request itself', () => {
    const dying = `${WORKER_BODY}\nsetTimeout(() => process.exit(1), 300);`;
    const pool = new RunPool(1, dying);
    const marker = path.join(sandbox.dir, 'orphan-marker');
    const pidFile = path.join(sandbox.dir, 'orphan-pid');
    const kidFile = path.join(sandbox.dir, 'orphan-kid');
    // The pool's run writes its pid, starts a child and waits; the run made again finds the
    // marker and answers.
    const script = `if [ -e '${marker}' ]; then echo again; else touch '${marker}'; echo $$ > '${pidFile}'; sleep 30 & echo $! > '${kidFile}'; wait; fi`;
    const { bin, args, opts } = sh(script, 60);
    const t0 = performance.now();
    expect(outcome(sandbox.start(pool, bin, args, opts).result())).toEqual({ status: 0, stdout: 'again\n', stderr: '', timedOut: false });
    expect(performance.now() - t0).toBeLessThan(5_000);
    pool.close();
    // Killed: gone, or a zombie nobody reaps (its worker's loop is gone).
    for (const file of [pidFile, kidFile]) expect(['Z', 'gone']).toContain(processState(Number(fs.readFileSync(file, 'utf8'))));
  });

  it('stops a process at its timeout with the processes it started', () => {
    const kidFile = path.join(sandbox.dir, 'timeout-kid');
    const pool = new RunPool(1);
    const { bin, args, opts } = sh(`sleep 30 & echo $! > '${kidFile}'; wait`, 0.3);
    const t0 = performance.now();
    expect(outcome(sandbox.start(pool, bin, args, opts).result())).toMatchObject({ status: null, timedOut: true });
    expect(performance.now() - t0).toBeLessThan(5_000);
    pool.close();
    expect(['Z', 'gone']).toContain(processState(Number(fs.readFileSync(kidFile, 'utf8'))));
  });

  it('ends a run stopped at its timeout when its process exits, though a process that left its tree holds the output open', () => {
    const pool = new RunPool(1);
    const daemonFile = path.join(sandbox.dir, 'daemon-pid');
    // The subshell starts `sleep` and exits: `sleep`, no longer in the tree, keeps the pipes.
    const { bin, args, opts } = sh(`(sleep 30 & echo $! > '${daemonFile}'); echo started; exec sleep 30`, 0.3);
    const t0 = performance.now();
    expect(outcome(sandbox.start(pool, bin, args, opts).result())).toMatchObject({ status: null, timedOut: true });
    expect(performance.now() - t0).toBeLessThan(5_000);
    pool.close();
    process.kill(Number(fs.readFileSync(daemonFile, 'utf8')), 'SIGKILL');
  });
});
