// The CLI and the action run in a worker thread whose young generation is capped.
//
// V8 lets a heap's young generation (where new objects are made) grow while most of what is
// made survives, as when thousands of documents are parsed and kept. On Node.js 24 it grows
// to 128 MB and stays there for the rest of the scan, on Node.js 20 to 32 MB: the same scan
// of 10,216 documents peaks about 90 MB higher on Node.js 24, with no gain in time
// (docs/performance.md). Node has no way to set that limit from inside a running program
// except for a new thread: `resourceLimits.maxYoungGenerationSizeMb`. The action cannot pass
// flags to Node (the runner starts `node dist/index.js`), so dist/cli.js and dist/index.js are
// launchers that start the entry point (dist/cli-main.js, dist/action-main.js) in such a worker;
// the main thread only relays the exit code (the CLI writes its output to the process's
// descriptors itself, report/stdout.ts; the action's goes through the main thread's standard
// streams). EKS_POLICY_GATE_ISOLATE=0 runs it on the main thread.
import { isatty } from 'node:tty';
import { isMainThread, resourceLimits, Worker, workerData } from 'node:worker_threads';

/** 16 MB semi-spaces (V8's young generation is three of them), as Node.js 20 has by default. */
export const YOUNG_GENERATION_MB = 48;

interface IsolateData {
  eksPolicyGateIsolate: true;
  /** Whether the process's standard output is a terminal (a worker's never is). */
  stdoutIsTTY: boolean;
}

function isolateData(): IsolateData | undefined {
  const data = workerData as Partial<IsolateData> | null | undefined;
  return data && data.eksPolicyGateIsolate === true ? (data as IsolateData) : undefined;
}

/**
 * Runs the entry point's module `target` (beside the launcher) in a worker with the young
 * generation capped, and relays its exit code. Runs it on this thread instead when
 * EKS_POLICY_GATE_ISOLATE=0 or when no worker can start. The launcher loads only this module:
 * the entry point's bundle is loaded once, by the thread that runs it.
 */
export async function launch(target: URL): Promise<void> {
  if (isMainThread && process.env.EKS_POLICY_GATE_ISOLATE !== '0') {
    // isatty, not process.stdout.isTTY: making the stream would set a pipe non-blocking, and the
    // CLI writes the descriptor itself (report/stdout.ts).
    const data: IsolateData = { eksPolicyGateIsolate: true, stdoutIsTTY: isatty(1) };
    let worker: Worker | undefined;
    try {
      worker = new Worker(target, {
        argv: process.argv.slice(2),
        workerData: data,
        resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB },
      });
    } catch {
      worker = undefined;
    }
    if (worker) {
      let failed = false;
      worker.on('error', (thrown: unknown) => {
        // The entry points catch their own errors; this is a crash of the thread itself.
        failed = true;
        const message = thrown instanceof Error ? thrown.message : String(thrown);
        process.stderr.write(`eks-policy-gate: internal error: ${message}. This is a bug in eks-policy-gate: please report it. Set EKS_POLICY_GATE_ISOLATE=0 to run without the worker thread meanwhile.\n`);
      });
      worker.on('exit', (code) => {
        process.exitCode = failed ? 2 : code;
      });
      return;
    }
  }
  await import(target.href);
}

/** Whether standard output is a terminal, also inside the worker `relaunched` started. */
export function stdoutIsTTY(): boolean {
  return isolateData()?.stdoutIsTTY ?? Boolean(process.stdout.isTTY);
}

/** The young generation's limit of the thread the entry point runs in (MB), when it was set here. */
export function youngGenerationMb(): number | undefined {
  return isolateData() ? resourceLimits.maxYoungGenerationSizeMb : undefined;
}
