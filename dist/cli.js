#!/usr/bin/env node
import { createRequire as __createRequire } from 'node:module';
const require = __createRequire(import.meta.url);

// src/compile-cache.ts
import module from "node:module";
import os from "node:os";
import path from "node:path";
var CACHE_VARIABLE = "NODE_COMPILE_CACHE";
function compileCacheDirectory(env = process.env, home = safeHome()) {
  if (env[CACHE_VARIABLE] || env.NODE_DISABLE_COMPILE_CACHE) return void 0;
  const xdg = env.XDG_CACHE_HOME;
  const base = xdg && path.isAbsolute(xdg) ? xdg : home ? path.join(home, ".cache") : void 0;
  return base ? path.join(base, "eks-policy-gate", "v8-compile-cache") : void 0;
}
function safeHome() {
  try {
    return os.homedir();
  } catch {
    return "";
  }
}
function useCompileCache(env = process.env) {
  const directory = compileCacheDirectory(env);
  const api = module;
  const enabled = api.constants?.compileCacheStatus?.ENABLED;
  if (!directory || typeof api.enableCompileCache !== "function" || enabled === void 0) return;
  let status;
  try {
    ({ status } = api.enableCompileCache(directory));
  } catch {
    return;
  }
  if (status === enabled) env[CACHE_VARIABLE] = directory;
}

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

// src/bin.ts
useCompileCache();
await launch(new URL("./cli-main.js", import.meta.url));
