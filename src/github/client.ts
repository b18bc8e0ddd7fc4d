// The GitHub API client: @actions/github's Octokit (REST methods, pagination, the runner's proxy
// settings) with the retry plugin (5xx and network errors, with backoff) and the throttling
// plugin (primary and secondary rate limits, honouring retry-after), and a time limit per
// request so a stalled connection cannot hang the step.
import { defaults, getOctokitOptions, GitHub } from '@actions/github/lib/utils';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import { randomUUID } from 'node:crypto';

const Octokit = GitHub.plugin(retry, throttling);
export type Client = InstanceType<typeof Octokit>;

export interface ClientOptions {
  token: string;
  /** API root, e.g. https://api.github.com or GITHUB_API_URL on GitHub Enterprise Server. */
  baseUrl: string;
  /** Where the clients' own warnings go (rate-limit waits). */
  log?: (message: string) => void;
  /** Per-request time limit in milliseconds (default 100 s). */
  timeoutMs?: number;
  /** Retries after a 5xx, a network error or a timeout (default 3). */
  retries?: number;
  /** Backoff unit of those retries in ms (waits 1, 4, 9 units; default 1000). */
  retryBaseMs?: number;
  /** Retries after hitting a rate limit (default 2); waits longer than maxWaitSeconds give up. */
  rateLimitRetries?: number;
  maxWaitSeconds?: number;
}

type FetchLike = (url: string, init?: RequestInit) => Promise<Response>;

function withTimeout(fetchImpl: FetchLike, ms: number): FetchLike {
  return (url, init = {}) => fetchImpl(url, { ...init, signal: init.signal ?? AbortSignal.timeout(ms) });
}

export function createClient(opts: ClientOptions): Client {
  const log = opts.log ?? (() => undefined);
  const rateLimitRetries = opts.rateLimitRetries ?? 2;
  const maxWait = opts.maxWaitSeconds ?? 120;
  const onLimit = (kind: string) => (retryAfter: number, options: { method: string; url: string }, _octokit: unknown, retryCount: number): boolean => {
    const what = `${options.method} ${options.url}`;
    if (retryCount < rateLimitRetries && retryAfter <= maxWait) {
      log(`GitHub ${kind} rate limit on ${what}: retrying in ${retryAfter} s.`);
      return true;
    }
    log(`GitHub ${kind} rate limit on ${what}: giving up (retry after ${retryAfter} s).`);
    return false;
  };
  const baseFetch = (defaults.request?.fetch ?? fetch) as FetchLike;
  return new Octokit(
    getOctokitOptions(opts.token, {
      baseUrl: opts.baseUrl.replace(/\/+$/, ''),
      request: { fetch: withTimeout(baseFetch, opts.timeoutMs ?? 100_000) },
      // 429 is the throttling plugin's: it waits as long as retry-after says.
      retry: { retries: opts.retries ?? 3, doNotRetry: [400, 401, 403, 404, 410, 422, 429, 451], retryAfterBaseValue: opts.retryBaseMs ?? 1000 },
      // Writes are spaced a second apart (GitHub's advice against secondary rate limits) per
      // client: the plugin's limiters are shared by every client with the same id.
      throttle: { onRateLimit: onLimit('primary'), onSecondaryRateLimit: onLimit('secondary'), id: `eks-policy-gate-${randomUUID()}` },
      // Octokit's own logger prints request details on warnings; the action reports instead.
      log: { debug: () => undefined, info: () => undefined, warn: log, error: log },
    }),
  );
}

export interface ApiFailure {
  /** GitHub's HTTP status; undefined when GitHub never answered (network error, timeout). */
  status: number | undefined;
  /** GitHub's message (never a header or the token). */
  message: string;
}

/** The status and GitHub's message of a failed request. */
export function apiFailure(thrown: unknown): ApiFailure {
  const e = thrown as { status?: unknown; message?: unknown; name?: unknown; response?: { data?: unknown }; cause?: unknown } | undefined;
  // Octokit reports a request that got no answer (connection refused or reset, DNS, the time
  // limit) as status 500 without a response: that is not GitHub's 500.
  if (e && typeof e === 'object' && e.response === undefined && (e.status === 500 || e.status === undefined)) {
    const cause = e.cause as { name?: unknown; code?: unknown; message?: unknown } | undefined;
    const text = [e.name, e.message, cause?.name, cause?.code, cause?.message].filter((x) => typeof x === 'string').join(' ');
    if (/timeout|timed out|aborted/i.test(text)) return { status: undefined, message: 'GitHub did not answer in time (the request was cut off at the time limit, and retried)' };
    if (e.status === 500 || cause) return { status: undefined, message: `no answer from GitHub (network error: ${typeof e.message === 'string' && e.message ? e.message : 'connection failed'})` };
  }
  const status = typeof e?.status === 'number' ? e.status : undefined;
  const data = e?.response?.data as { message?: unknown; errors?: unknown } | undefined;
  let message = typeof data?.message === 'string' ? data.message : typeof e?.message === 'string' ? e.message : String(thrown);
  if (Array.isArray(data?.errors) && data.errors.length) {
    const details = data.errors
      .map((x) => (typeof x === 'string' ? x : typeof (x as { message?: unknown })?.message === 'string' ? (x as { message: string }).message : ''))
      .filter(Boolean);
    if (details.length) message += ` (${details.join('; ')})`;
  }
  return { status, message: message.replace(/\s+-\s+https:\/\/docs\.github\.com\S*$/, '') };
}

/** What a failed request means for the user, and what to do about it: for the action's messages. */
export function describeFailure(f: ApiFailure): string {
  if (f.status === undefined) return `${f.message}; re-run the job if it persists`;
  const hint: Record<number, string> = {
    401: 'the token was refused: check the `token` input (an expired or revoked token, or one for another GitHub host)',
    404: 'not found, or not visible to the token',
    422: 'GitHub rejected the request as invalid',
    429: 'rate limited, and the wait GitHub asked for was too long',
  };
  const h = hint[f.status] ?? (f.status >= 500 ? 'an error on GitHub\'s side, retried; re-run the job if it persists' : '');
  return `GitHub ${f.status}: ${f.message}${h ? `; ${h}` : ''}`;
}
