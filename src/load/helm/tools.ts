// The external renderers (helm, kustomize, kubectl): where the binary is, and how it runs.
//
// Every run is sandboxed: a fresh HOME and Helm/XDG directories in a temporary folder, an empty
// plugin directory, no kubeconfig, proxies that point nowhere (so nothing reaches the network),
// a minimal environment and a timeout. The binary comes from PATH on users' machines and
// runners; tests and CI point EKS_POLICY_GATE_TOOLS at the pinned binaries in .tools/bin.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { PendingRun, RunPool } from '../../run-pool.js';

export type ToolName = 'helm' | 'kustomize' | 'kubectl';

/** Environment variable naming a directory searched before PATH (tests and CI: .tools/bin). */
export const TOOLS_DIR_ENV = 'EKS_POLICY_GATE_TOOLS';

/** Default for `limits.subprocess-seconds`. */
export const DEFAULT_SUBPROCESS_SECONDS = 60;

function executable(file: string): boolean {
  try {
    if (!fs.statSync(file).isFile()) return false;
    if (process.platform !== 'win32') fs.accessSync(file, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

// A PATH lookup by hand: a dozen lines, and the tools-directory override must come first,
// which the `which` package would need wrapping for anyway.
/** Absolute path of a tool: $EKS_POLICY_GATE_TOOLS first, then PATH; undefined when absent. */
export function findTool(name: ToolName, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const exts = process.platform === 'win32' ? (env.PATHEXT ?? '.EXE;.CMD;.BAT').split(';').concat('') : [''];
  const dirs = [env[TOOLS_DIR_ENV], ...(env.PATH ?? env.Path ?? '').split(path.delimiter)].filter((d): d is string => !!d);
  for (const dir of dirs) {
    for (const ext of exts) {
      const candidate = path.join(dir, name + ext);
      if (executable(candidate)) return path.resolve(candidate);
    }
  }
  return undefined;
}

export interface ToolRun {
  /** Exit status; null when the process was killed (timeout) or could not start. */
  status: number | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  /** The output passed `maxBytes`: the process was killed and its output is incomplete. */
  overflow?: boolean;
  /** Set when the process could not be started. */
  error?: string;
  /** Wall-clock milliseconds. */
  ms: number;
}

/** Passed through from the caller's environment: what a binary needs to start at all. */
const KEEP = ['PATH', 'Path', 'PATHEXT', 'SystemRoot', 'SYSTEMROOT', 'windir', 'TZ', 'LANG', 'LC_ALL'];
/** Unroutable proxy: any HTTP(S) request a renderer tries fails at once instead of going out. */
const NO_NETWORK = 'http://127.0.0.1:9';

/** Where a tool runs, how long it may take and how much it may print (1 GiB unless said). */
interface RunOptions {
  cwd: string;
  timeoutSeconds: number;
  maxBytes?: number;
}

/** A run's limits as spawn takes them. */
function bounds(opts: RunOptions): { timeoutMs: number; maxBytes: number } {
  return { timeoutMs: Math.max(1, Math.round(opts.timeoutSeconds * 1000)), maxBytes: opts.maxBytes ?? 1024 * 1024 * 1024 };
}

/** A temporary home for one run of the renderers; remove it with dispose(). */
export class Sandbox {
  readonly dir: string;
  readonly env: NodeJS.ProcessEnv;

  constructor() {
    this.dir = fs.mkdtempSync(path.join(os.tmpdir(), 'eks-policy-gate-render-'));
    const d = (sub: string) => {
      const p = path.join(this.dir, sub);
      fs.mkdirSync(p, { recursive: true });
      return p;
    };
    const env: NodeJS.ProcessEnv = {};
    for (const k of KEEP) if (process.env[k] !== undefined) env[k] = process.env[k];
    const plugins = d('plugins');
    Object.assign(env, {
      HOME: d('home'),
      USERPROFILE: path.join(this.dir, 'home'),
      TMPDIR: d('tmp'),
      TEMP: path.join(this.dir, 'tmp'),
      TMP: path.join(this.dir, 'tmp'),
      XDG_CONFIG_HOME: d('config'),
      XDG_CACHE_HOME: d('cache'),
      XDG_DATA_HOME: d('data'),
      HELM_CACHE_HOME: d('helm/cache'),
      HELM_CONFIG_HOME: d('helm/config'),
      HELM_DATA_HOME: d('helm/data'),
      HELM_PLUGINS: plugins,
      HELM_REGISTRY_CONFIG: path.join(this.dir, 'helm/config/registry.json'),
      HELM_REPOSITORY_CONFIG: path.join(this.dir, 'helm/config/repositories.yaml'),
      HELM_REPOSITORY_CACHE: d('helm/cache/repository'),
      KUSTOMIZE_PLUGIN_HOME: plugins,
      KUBECONFIG: path.join(this.dir, 'no-kubeconfig'),
      HTTP_PROXY: NO_NETWORK,
      HTTPS_PROXY: NO_NETWORK,
      ALL_PROXY: NO_NETWORK,
      http_proxy: NO_NETWORK,
      https_proxy: NO_NETWORK,
      all_proxy: NO_NETWORK,
      NO_PROXY: '',
      no_proxy: '',
      GIT_TERMINAL_PROMPT: '0',
      GIT_ALLOW_PROTOCOL: 'file',
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_SSH_COMMAND: 'false',
    });
    this.env = env;
  }

  /**
   * Starts a tool in the sandbox in `pool`, beside other runs and the caller's own work; the
   * result is what run() gives, and run() gives it where the pool cannot.
   */
  start(pool: RunPool, bin: string, args: string[], opts: RunOptions): PendingRun {
    return pool.start({ bin, args, cwd: opts.cwd, env: this.env, ...bounds(opts) }, () => this.run(bin, args, opts));
  }

  /** Runs a tool in the sandbox; never throws. */
  run(bin: string, args: string[], opts: RunOptions): ToolRun {
    const t0 = performance.now();
    const { timeoutMs, maxBytes } = bounds(opts);
    const r = spawnSync(bin, args, {
      cwd: opts.cwd,
      env: this.env,
      encoding: 'utf8',
      timeout: timeoutMs,
      killSignal: 'SIGKILL',
      maxBuffer: maxBytes,
      windowsHide: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const ms = performance.now() - t0;
    const err = r.error as NodeJS.ErrnoException | undefined;
    const overflow = err?.code === 'ENOBUFS';
    const timedOut = err?.code === 'ETIMEDOUT' || (!overflow && r.status === null && r.signal === 'SIGKILL');
    return {
      status: r.status,
      stdout: r.stdout ?? '',
      stderr: r.stderr ?? '',
      timedOut,
      ...(overflow ? { overflow } : {}),
      ...(err && !timedOut && !overflow ? { error: err.message } : {}),
      ms,
    };
  }

  dispose(): void {
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

/** The first lines of a tool's stderr, for a finding's message (without Helm's --debug hint). */
export function stderrSummary(stderr: string, max = 600): string {
  const lines = stderr
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l && !/^Use --debug flag/.test(l));
  let text = lines.join(' ');
  if (text.length > max) text = `${text.slice(0, max)}…`;
  return text;
}
