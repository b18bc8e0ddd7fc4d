import { createRequire as __createRequire } from 'node:module';
const require = __createRequire(import.meta.url);

// src/isolate.ts
import { isatty } from "node:tty";
import { isMainThread, resourceLimits, Worker, workerData } from "node:worker_threads";
var YOUNG_GENERATION_MB = 48;
async function launch(target) {
  if (isMainThread && process.env.EKS_POLICY_GATE_ISOLATE !== "0") {
    const data = { eksPolicyGateIsolate: true, stdoutIsTTY: isatty(1) };
    let worker;
    try {
      worker = new Worker(target, {
        argv: process.argv.slice(2),
        workerData: data,
        resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB }
      });
    } catch {
      worker = void 0;
    }
    if (worker) {
      let failed = false;
      worker.on("error", (thrown) => {
        failed = true;
        const message = thrown instanceof Error ? thrown.message : String(thrown);
        process.stderr.write(`eks-policy-gate: internal error: ${message}. This is a bug in eks-policy-gate: please report it. Set EKS_POLICY_GATE_ISOLATE=0 to run without the worker thread meanwhile.
`);
      });
      worker.on("exit", (code) => {
        process.exitCode = failed ? 2 : code;
      });
      return;
    }
  }
  await import(target.href);
}

// src/index.ts
await launch(new URL("./action-main.js", import.meta.url));
