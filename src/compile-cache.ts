// V8's code cache for the CLI's bundles, kept on disk between runs (Node.js 22.8 and later; Node.js
// 20 has no such cache and runs as before). Every run of the CLI compiled its 1 MB bundle, and
// the evaluation worker's, before the first stage: from the cache a run on a small repository
// takes 20-30 ms less, about 7 % (docs/performance.md). Node does the caching itself
// (NODE_COMPILE_CACHE); this only chooses where, and hands it to the threads the launcher starts
// through that variable, as Node documents for worker threads.
//
// The cache holds code that Node runs, so it lives in the user's own cache folder
// ($XDG_CACHE_HOME, else ~/.cache), never in a temporary folder other users can write to.
// The action does not use it: a GitHub-hosted runner starts from a fresh machine each job, where
// a cache could only cost its writing.
import module from 'node:module';
import os from 'node:os';
import path from 'node:path';

/** The variable Node reads the cache's folder from when a thread starts. */
const CACHE_VARIABLE = 'NODE_COMPILE_CACHE';

/**
 * The folder for the cache, or undefined to leave Node's setting alone: the user chose a folder
 * (NODE_COMPILE_CACHE) or none (NODE_DISABLE_COMPILE_CACHE), or there is no home to put it in.
 */
export function compileCacheDirectory(env: NodeJS.ProcessEnv = process.env, home: string = safeHome()): string | undefined {
  if (env[CACHE_VARIABLE] || env.NODE_DISABLE_COMPILE_CACHE) return undefined;
  const xdg = env.XDG_CACHE_HOME;
  // The XDG base directory specification: a relative path is invalid and is ignored.
  const base = xdg && path.isAbsolute(xdg) ? xdg : home ? path.join(home, '.cache') : undefined;
  return base ? path.join(base, 'eks-policy-gate', 'v8-compile-cache') : undefined;
}

function safeHome(): string {
  try {
    return os.homedir();
  } catch {
    return '';
  }
}

/**
 * Turns the cache on for what this thread loads from now on (module.enableCompileCache) and for
 * the threads it starts (they read NODE_COMPILE_CACHE when they start). Best effort: a folder
 * that cannot be made or written leaves the run as it was.
 */
export function useCompileCache(env: NodeJS.ProcessEnv = process.env): void {
  const directory = compileCacheDirectory(env);
  const api = module as { enableCompileCache?: (dir: string) => { status: number }; constants?: { compileCacheStatus?: { ENABLED: number } } };
  const enabled = api.constants?.compileCacheStatus?.ENABLED;
  if (!directory || typeof api.enableCompileCache !== 'function' || enabled === undefined) return;
  let status: number;
  try {
    ({ status } = api.enableCompileCache(directory));
  } catch {
    return;
  }
  // A folder that could not be made (FAILED) is not handed on.
  if (status === enabled) env[CACHE_VARIABLE] = directory;
}
