// What the workflow run is about, from the runner's environment and the event payload: the
// event, the repository, the pull request (number, base and head, fork or not), and the commit
// and ref that results belong to.
import fs from 'node:fs';

export interface PullRequestInfo {
  number: number;
  baseSha: string;
  baseRef: string;
  headSha: string;
  headRef: string;
  /** The head lives in another repository. */
  fork: boolean;
}

export interface RunContext {
  eventName: string;
  owner: string;
  repo: string;
  /** `owner/repo` */
  repository: string;
  serverUrl: string;
  apiUrl: string;
  /** GITHUB_SHA and GITHUB_REF as the runner sets them. */
  sha: string;
  ref: string;
  actor: string;
  runId: string;
  workflow: string;
  job: string;
  pullRequest?: PullRequestInfo;
  /** push: the commit before the push (absent for a new branch). */
  before?: string;
  /** merge_group: the queue's base commit. */
  mergeGroupBase?: string;
  defaultBranch?: string;
  /** The token cannot write (fork pull request or Dependabot under `pull_request`/`push`). */
  readOnlyReason?: string;
}

type Json = Record<string, unknown>;

function obj(v: unknown): Json {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : {};
}

function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

const ZERO_SHA = /^0+$/;

export function readEvent(env: NodeJS.ProcessEnv = process.env): Json {
  const file = env.GITHUB_EVENT_PATH;
  if (!file || !fs.existsSync(file)) return {};
  try {
    return obj(JSON.parse(fs.readFileSync(file, 'utf8')));
  } catch {
    return {};
  }
}

export function runContext(env: NodeJS.ProcessEnv = process.env, event: Json = readEvent(env)): RunContext {
  const repository = env.GITHUB_REPOSITORY || str(obj(event.repository).full_name);
  const [owner = '', repo = ''] = repository.split('/');
  const eventName = env.GITHUB_EVENT_NAME ?? '';
  const ctx: RunContext = {
    eventName,
    owner,
    repo,
    repository,
    serverUrl: (env.GITHUB_SERVER_URL || 'https://github.com').replace(/\/+$/, ''),
    apiUrl: (env.GITHUB_API_URL || 'https://api.github.com').replace(/\/+$/, ''),
    sha: env.GITHUB_SHA ?? '',
    ref: env.GITHUB_REF ?? '',
    actor: env.GITHUB_ACTOR ?? '',
    runId: env.GITHUB_RUN_ID ?? '',
    workflow: env.GITHUB_WORKFLOW ?? '',
    job: env.GITHUB_JOB ?? '',
  };
  const defaultBranch = str(obj(event.repository).default_branch);
  if (defaultBranch) ctx.defaultBranch = defaultBranch;

  const pr = obj(event.pull_request);
  if (Object.keys(pr).length && typeof pr.number === 'number') {
    const base = obj(pr.base);
    const head = obj(pr.head);
    const headRepo = str(obj(head.repo).full_name);
    const baseRepo = str(obj(base.repo).full_name) || repository;
    ctx.pullRequest = {
      number: pr.number,
      baseSha: str(base.sha),
      baseRef: str(base.ref),
      headSha: str(head.sha),
      headRef: str(head.ref),
      // A deleted fork has no head repository: still a fork.
      fork: headRepo === '' ? Boolean(head.sha) && obj(head).repo === null : headRepo.toLowerCase() !== baseRepo.toLowerCase(),
    };
  }
  if (eventName === 'push') {
    const before = str(event.before);
    if (before && !ZERO_SHA.test(before) && event.created !== true) ctx.before = before;
  }
  if (eventName === 'merge_group') {
    const base = str(obj(event.merge_group).base_sha);
    if (base) ctx.mergeGroupBase = base;
  }
  // Under `pull_request` (not `pull_request_target`) GitHub gives fork pull requests a
  // read-only token, and Dependabot's runs read-only tokens and no secrets.
  if (eventName === 'pull_request' && ctx.pullRequest?.fork) {
    ctx.readOnlyReason = 'this pull request comes from a fork, so GitHub gives the workflow a read-only token';
  } else if (ctx.actor === 'dependabot[bot]' && (eventName === 'pull_request' || eventName === 'push')) {
    ctx.readOnlyReason = 'Dependabot runs workflows with a read-only token';
  }
  return ctx;
}

/** A link to a file at a commit, at a line. */
export function blobUrl(ctx: RunContext, sha: string, file: string, line?: number): string {
  const encoded = file.split('/').map(encodeURIComponent).join('/');
  return `${ctx.serverUrl}/${ctx.repository}/blob/${sha}/${encoded}${line ? `#L${line}` : ''}`;
}

export function runUrl(ctx: RunContext): string | undefined {
  return ctx.runId ? `${ctx.serverUrl}/${ctx.repository}/actions/runs/${ctx.runId}` : undefined;
}
