// What the benchmark scripts share (run.mjs, compare.mjs): one CLI scan with --timings, one run
// of the action on a small repository, the configuration that lets a large corpus through, and
// how figures are summarised and printed.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
export const fmt = (ms) => (ms >= 10000 ? `${(ms / 1000).toFixed(1)} s` : ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`);

/**
 * The configuration every benchmark scan uses, written into `dir`: over 128 MiB of input (the
 * 100k corpus) the default `limits.total-size` would refuse the rest of it.
 */
export function benchConfig(dir) {
  const file = path.join(dir, 'bench-config.yaml');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(file, 'limits:\n  total-size: 2147483647\n');
  return file;
}

/**
 * One scan by `cli` (a dist/cli.js) with --timings, its report (JSON unless `format` says
 * otherwise) written to `output`: the
 * wall time measured here, the stages, documents, findings and peak RSS as the CLI reports
 * them; `{ wall, timedOut: true }` when it ran past `timeoutMs`.
 */
export function scanOnce({ cli, target, output, extra = [], cwd, env = process.env, timeoutMs, format = 'json' }) {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [cli, 'scan', target, '--format', format, '--output', output, '--timings', ...extra], {
    cwd, encoding: 'utf8', maxBuffer: 1 << 28, env: { ...env, NO_COLOR: '1' },
    ...(timeoutMs ? { timeout: timeoutMs, killSignal: 'SIGKILL' } : {}),
  });
  const wall = performance.now() - t0;
  if (timeoutMs && r.signal === 'SIGKILL' && wall >= timeoutMs) return { wall, timedOut: true };
  const line = r.stderr.split('\n').find((l) => l.startsWith('{"timings"'));
  if (!line || r.status === 2) throw new Error(`scan of ${target} by ${cli} failed (exit ${r.status}):\n${r.stderr.slice(0, 2000)}`);
  return { wall, ...JSON.parse(line) };
}

/** A configuration of a few keys, for a repository that has one (`withConfig` below). */
export const ACTION_CONFIG = 'version: 1\nseverity-threshold: high\nrules:\n  EKS-PSB-001: { mode: warn }\npaths:\n  exclude: ["vendor/**"]\n';

/**
 * A small repository for actionOnce: examples/insecure-app as `deploy/` in a new directory
 * under `parent` (returned; the caller removes it), with ACTION_CONFIG as its
 * `.eks-policy-gate.yaml` when `withConfig`.
 */
export function actionRepository(root, parent, withConfig = false) {
  const repo = fs.mkdtempSync(path.join(parent, 'epg-bench-action-'));
  fs.cpSync(path.join(root, 'examples/insecure-app'), path.join(repo, 'deploy'), { recursive: true });
  if (withConfig) fs.writeFileSync(path.join(repo, '.eks-policy-gate.yaml'), ACTION_CONFIG);
  return repo;
}

/**
 * One run of the action (`index`, a dist/index.js) in `repo`, as the runner starts it, with no
 * API call: the milliseconds from process start to exit, the annotations printed included.
 */
export function actionOnce(index, repo) {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [index], {
    cwd: repo, encoding: 'utf8',
    env: {
      PATH: process.env.PATH, GITHUB_WORKSPACE: repo, GITHUB_EVENT_NAME: 'workflow_dispatch', GITHUB_REPOSITORY: 'o/r',
      'INPUT_PATHS': '.', 'INPUT_GATE': 'all', 'INPUT_UPLOAD-SARIF': 'false', 'INPUT_ANNOTATIONS': 'commands',
      'INPUT_SUMMARY': 'false', 'INPUT_PR-COMMENT': 'false', 'INPUT_FAIL': 'true', 'INPUT_SEVERITY-THRESHOLD': 'high',
      'INPUT_SARIF-FILE': 'out.sarif', 'INPUT_CONFIG': '.eks-policy-gate.yaml',
    },
  });
  const total = performance.now() - t0;
  if (!/^::(error|warning|notice) /m.test(r.stdout)) throw new Error(`the action (${index}) printed no annotation:\n${r.stdout}\n${r.stderr}`);
  return total;
}
