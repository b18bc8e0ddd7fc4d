// Processes run side by side, and beside the scan's own work: the renderers (`helm template`,
// `kustomize build`), which can run while the scan thread parses the plain manifests, and the
// base revision's checkout (`git worktree add`, gate/git.ts), which can run while the pull
// request is scanned. The scan is synchronous, and spawnSync waits for one process at a time.
// Here a worker thread starts the processes and reads their output on its own event loop, as
// many at once as asked (by default as the machine has cores), and the caller asks for each
// result when it needs it, waiting only for that one.
//
// The worker's code is a function of this module run as an `eval` worker: it needs no file of
// its own in dist/, so it runs the same from src/ under test. It may use nothing from outside
// the function but globals: its modules come from process.getBuiltinModule (Node.js 20.16 and
// later), since a bundler rewrites `require`. Where the worker cannot run (an older Node.js, a
// worker that fails), it says so, and each run is made on the scan's thread with spawnSync, as
// before. Written by hand: no library runs child processes from a synchronous caller.
import fs from 'node:fs';
import os from 'node:os';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import type * as ChildProcess from 'node:child_process';
import type * as WorkerThreads from 'node:worker_threads';
import type { ToolRun } from './load/helm/tools.js';

export interface RunRequest {
  bin: string;
  args: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  timeoutMs: number;
  maxBytes: number;
}

interface WorkerInput {
  port: MessagePort;
  /** Slot 0: how many results the worker has posted; slot 1: 1 once the worker cannot run. */
  posted: SharedArrayBuffer;
  concurrency: number;
}

const POSTED = 0;
const BROKEN = 1;

/** What the worker posts: a run's result, or the process it started for a run (its pid). */
type Posted = { index: number; run: ToolRun } | { index: number; pid: number };

/**
 * The worker: runs the requests it is sent, `concurrency` at a time, and posts each result
 * (ToolRun, as spawnSync would give it) with the request's index. A process stopped at its
 * timeout or past its output's limit is stopped with the processes it started (`kill`, which is
 * killTree), where spawnSync stops it alone.
 */
function runWorker(kill: typeof killTree): void {
  // The slots' numbers are written out: the function can see nothing of this module.
  const node = process as { getBuiltinModule?: (id: string) => unknown };
  if (typeof node.getBuiltinModule !== 'function') throw new Error('process.getBuiltinModule is missing (Node.js before 20.16)');
  const input = (node.getBuiltinModule('node:worker_threads') as typeof WorkerThreads).workerData as WorkerInput;
  const { spawn } = node.getBuiltinModule('node:child_process') as typeof ChildProcess;
  const files = node.getBuiltinModule('node:fs') as ProcFiles;
  const posted = new Int32Array(input.posted);
  const queue: Array<{ index: number; request: RunRequest }> = [];
  let running = 0;
  const post = (index: number, run: ToolRun) => {
    input.port.postMessage({ index, run });
    Atomics.add(posted, 0, 1); // POSTED
    Atomics.notify(posted, 0);
  };
  const next = () => {
    while (running < input.concurrency && queue.length > 0) {
      const { index, request } = queue.shift() as (typeof queue)[number];
      running++;
      const t0 = performance.now();
      let child: ReturnType<typeof spawn>;
      try {
        child = spawn(request.bin, request.args, { cwd: request.cwd, env: request.env, stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true });
      } catch (thrown) {
        running--;
        post(index, { status: null, stdout: '', stderr: '', timedOut: false, error: thrown instanceof Error ? thrown.message : String(thrown), ms: performance.now() - t0 });
        continue;
      }
      // Should the worker end before the process does, the caller stops it (RunPool.stopOrphans).
      if (child.pid !== undefined) input.port.postMessage({ index, pid: child.pid });
      const out: Buffer[] = [];
      const err: Buffer[] = [];
      let outBytes = 0;
      let errBytes = 0;
      let timedOut = false;
      let overflow = false;
      let error: string | undefined;
      // A process stopped here (its timeout, its output's limit) goes with what it started.
      const stop = () => {
        if (child.pid !== undefined) kill(child.pid, files);
      };
      const timer = setTimeout(() => {
        timedOut = true;
        stop();
      }, request.timeoutMs);
      let done = false;
      const finish = (status: number | null) => {
        if (done) return;
        done = true;
        running--;
        clearTimeout(timer);
        const run: ToolRun = {
          status: timedOut || overflow ? null : status,
          stdout: Buffer.concat(out).toString('utf8'),
          stderr: Buffer.concat(err).toString('utf8'),
          timedOut,
          ...(overflow ? { overflow } : {}),
          ...(error !== undefined && !timedOut && !overflow ? { error } : {}),
          ms: performance.now() - t0,
        };
        post(index, run);
        next();
      };
      // Each stream is kept to maxBytes, as spawnSync's maxBuffer does: past it the process is stopped.
      const keep = (chunks: Buffer[], chunk: Buffer, bytes: number): number => {
        const total = bytes + chunk.length;
        if (total > request.maxBytes) {
          if (!overflow) {
            overflow = true;
            stop();
          }
          return bytes;
        }
        chunks.push(chunk);
        return total;
      };
      child.stdout?.on('data', (chunk: Buffer) => (outBytes = keep(out, chunk, outBytes)));
      child.stderr?.on('data', (chunk: Buffer) => (errBytes = keep(err, chunk, errBytes)));
      child.on('error', (e: Error) => {
        error ??= e.message;
        // A process that never started has no 'close' to wait for.
        if (child.pid === undefined) finish(null);
      });
      child.on('close', (code: number | null) => finish(code));
      // A process stopped here is done when it exits, as spawnSync's is: a process it started
      // and that left its tree (a daemon) can hold its pipes open long after.
      child.on('exit', (code: number | null) => {
        if (timedOut || overflow) finish(code);
      });
    }
  };
  // Should it throw, the worker exits, and its script says so (workerScript).
  input.port.on('message', (m: { index: number; request: RunRequest }) => {
    queue.push(m);
    next();
  });
}

/**
 * The worker's script around `body`: however the worker ends (its code throws as it starts, a
 * message handler or a process's callback throws, or it exits), the broken flag is set (slot 1)
 * as its thread exits, so that the scan's thread stops waiting and runs what it still waits for
 * itself. The scan's thread cannot hear the worker's 'error' event: it waits synchronously, and
 * its event loop does not run until the scan ends.
 */
function workerScript(body: string): string {
  return `
const flags = new Int32Array(require('node:worker_threads').workerData.posted);
process.on('exit', () => {
  Atomics.store(flags, ${BROKEN}, 1);
  Atomics.notify(flags, ${POSTED});
});
${body}`;
}

/** The worker's code (exported for the tests of a worker that fails halfway). */
export const WORKER_BODY = `(${runWorker.toString()})(${killTree.toString()});`;

/** The two file functions killTree reads /proc with: node:fs, or the worker's own copy of it. */
export type ProcFiles = Pick<typeof fs, 'readdirSync' | 'readFileSync'>;

/**
 * Kills `pid` and the processes it started, and theirs: `git worktree add` checks the files out
 * in a child, which a kill of git alone leaves writing. The tree comes from Linux's /proc
 * (every thread's children: a Go program such as helm starts processes from any of its
 * threads), whole, before any of it is killed, since a killed parent's children are no longer
 * its children; elsewhere `pid` alone is killed. The worker runs it too (runWorker), so it uses
 * nothing but its arguments and globals. Written by hand: the libraries that list a process
 * tree run `ps` for it, asynchronously.
 */
export function killTree(pid: number, files: ProcFiles): void {
  const tree = [pid];
  for (let i = 0; i < tree.length; i++) {
    const task = `/proc/${tree[i]}/task`;
    let threads: string[];
    try {
      threads = files.readdirSync(task);
    } catch {
      continue;
    }
    for (const thread of threads) {
      let children = '';
      try {
        children = files.readFileSync(`${task}/${thread}/children`, 'utf8');
      } catch {
        // The thread ended, or the kernel does not list children.
      }
      for (const child of children.trim().split(/\s+/)) if (/^\d+$/.test(child)) tree.push(Number(child));
    }
  }
  for (const member of tree) {
    try {
      process.kill(member, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
}

/** A run started in the pool: result() waits for it (and only it) and gives what spawnSync would. */
export interface PendingRun {
  result(): ToolRun;
}

/** The longest a result is waited for beyond its own timeout (the worker kills the process at that timeout). */
const GRACE_MS = 30_000;

export class RunPool {
  private worker: Worker | undefined;
  private port: MessagePort | undefined;
  /** The current worker's slots (POSTED, BROKEN): each worker gets its own, so a closed one's exit touches nothing. */
  private posted = new Int32Array(new SharedArrayBuffer(8));
  private readonly results = new Map<number, ToolRun>();
  /** The processes the worker started and gave no result for yet, by run. */
  private readonly running = new Map<number, number>();
  private started = 0;
  /**
   * Every run from now on is made on the calling thread: no worker could start, or the worker
   * failed (its broken flag) or gave no result in a run's time and grace.
   */
  private local = false;

  /** `body` replaces the worker's code, and `graceMs` the wait past a run's timeout (tests of a worker that fails). */
  constructor(
    private readonly concurrency = Math.max(1, typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length),
    private readonly body = WORKER_BODY,
    private readonly graceMs = GRACE_MS,
  ) {}

  private ensureWorker(): MessagePort | undefined {
    if (this.local) return undefined;
    if (this.port) return this.port;
    const { port1, port2 } = new MessageChannel();
    this.posted = new Int32Array(new SharedArrayBuffer(8));
    try {
      const workerData: WorkerInput = { port: port2, posted: this.posted.buffer as SharedArrayBuffer, concurrency: this.concurrency };
      this.worker = new Worker(workerScript(this.body), { eval: true, workerData, transferList: [port2] });
    } catch {
      port1.close();
      this.local = true;
      return undefined;
    }
    this.worker.unref();
    this.worker.on('error', () => {
      // A result that never comes is run on this thread (result()).
    });
    this.port = port1;
    return port1;
  }

  /**
   * Starts `request` (at once when fewer than `concurrency` runs are going). `fallback` runs it
   * on this thread (spawnSync) where no worker could start, or the worker gave no result.
   */
  start(request: RunRequest, fallback: () => ToolRun): PendingRun {
    const port = this.ensureWorker();
    const index = this.started++;
    if (!port) return { result: fallback };
    port.postMessage({ index, request });
    return { result: () => this.wait(index, request, fallback) };
  }

  private drain(): void {
    if (!this.port) return;
    for (let m = receiveMessageOnPort(this.port); m; m = receiveMessageOnPort(this.port)) {
      const posted = m.message as Posted;
      if ('pid' in posted) {
        this.running.set(posted.index, posted.pid);
      } else {
        this.running.delete(posted.index);
        this.results.set(posted.index, posted.run);
      }
    }
  }

  /**
   * Kills the processes the worker started and gave no result for, with the processes they
   * started: with the worker gone, no timeout stops them, and each is run again on this thread.
   * A process that ended after the worker did is not reaped (the loop that would is gone), so
   * its pid is not yet anyone else's.
   */
  private stopOrphans(): void {
    this.drain();
    for (const pid of this.running.values()) killTree(pid, fs);
    this.running.clear();
  }

  private wait(index: number, request: RunRequest, fallback: () => ToolRun): ToolRun {
    const until = performance.now() + request.timeoutMs + this.graceMs;
    for (;;) {
      const seen = Atomics.load(this.posted, POSTED);
      this.drain();
      const run = this.results.get(index);
      if (run) {
        this.results.delete(index);
        return run;
      }
      // The worker kills a process at its timeout and posts at once: no result past the grace
      // means the worker no longer runs, and the next waits would each last as long.
      if (this.local || Atomics.load(this.posted, BROKEN) === 1 || performance.now() >= until) {
        if (!this.local) {
          this.local = true;
          this.stopOrphans();
          // A worker that stopped answering is stopped too.
          void this.worker?.terminate();
        }
        return fallback();
      }
      Atomics.wait(this.posted, POSTED, seen, Math.max(1, Math.min(1_000, until - performance.now())));
    }
  }

  /** Stops the worker, once every run started was waited for (each process has ended by then). */
  close(): void {
    this.port?.close();
    void this.worker?.terminate();
    this.port = undefined;
  }
}
