// GitHub API faults on every call the action makes (issue item 8), in-process against the fake
// GitHub: 401, 403, 404, 422, 429, 500/502/503, a timeout and a reset connection, once
// (transient) and for good (persistent). Transient 5xx, timeouts, resets and 429s are retried
// and succeed; what cannot succeed ends in an outcome the action has a clear fallback for,
// never an exception (except listing PR files, whose caller catches it).
import { afterEach, describe, expect, it } from 'vitest';
import { apiFailure, createClient, describeFailure, type Client } from '../../src/github/client.js';
import { publishCheckRun, type CheckAnnotation } from '../../src/github/checks.js';
import { commentMarker, upsertComment } from '../../src/github/comment.js';
import { listPullRequestFiles } from '../../src/github/pulls.js';
import { prepareSarif, uploadSarif } from '../../src/github/sarif-upload.js';
import { FakeGitHub, type Fault } from '../github/fake-github.js';
import { timedAsync } from './record.js';

const SHA = 'b'.repeat(40);
const TIMEOUT_MS = 400;
const RETRIES = 2;

let fake: FakeGitHub | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

async function setup(faults: Fault[]): Promise<{ fake: FakeGitHub; client: Client }> {
  fake = await FakeGitHub.start({ faults, pullFiles: [{ filename: 'a.yaml', status: 'modified' }] });
  const client = createClient({ token: fake.token, baseUrl: fake.url, timeoutMs: TIMEOUT_MS, retries: RETRIES, retryBaseMs: 20, rateLimitRetries: 1, maxWaitSeconds: 2 });
  return { fake, client };
}

const annotations = (n: number): CheckAnnotation[] => Array.from({ length: n }, (_, i) => ({ path: 'a.yaml', start_line: i + 1, end_line: i + 1, annotation_level: 'failure', message: `m${i}` }));
const sarif = () => prepareSarif({ runs: [{ results: [{ properties: { severity: 'high' } }] }], version: '2.1.0' } as never).gzipped;
const upload = (client: Client) => uploadSarif(client, { owner: 'acme', repo: 'platform', commitSha: SHA, ref: 'refs/heads/main', checkoutUri: 'file:///w/', startedAt: new Date().toISOString(), gzipped: sarif(), pollIntervalsMs: [10], pollTimeoutMs: 600 });

/** Each call the action makes, run through the function that makes it; the outcome's kind. */
const CALLS: Record<string, (client: Client, fake: FakeGitHub) => Promise<string>> = {
  'code-scanning/upload-sarif': async (c) => (await upload(c)).kind,
  'code-scanning/get-sarif': async (c) => (await upload(c)).kind,
  'checks/create': async (c) => (await publishCheckRun(c, { owner: 'acme', repo: 'platform', name: 'g', headSha: SHA, title: 't', summary: 's', conclusion: 'failure', annotations: annotations(3) })).kind,
  'checks/update': async (c) => (await publishCheckRun(c, { owner: 'acme', repo: 'platform', name: 'g', headSha: SHA, title: 't', summary: 's', conclusion: 'failure', annotations: annotations(120) })).kind,
  'issues/list-comments': async (c) => (await upsertComment(c, { owner: 'acme', repo: 'platform', number: 1, marker: commentMarker(''), body: 'b' })).kind,
  'issues/create-comment': async (c) => (await upsertComment(c, { owner: 'acme', repo: 'platform', number: 1, marker: commentMarker(''), body: 'b' })).kind,
  'issues/update-comment': async (c, f) => {
    f.comments.push({ id: 1, body: `${commentMarker('')}\nold` });
    return (await upsertComment(c, { owner: 'acme', repo: 'platform', number: 1, marker: commentMarker(''), body: 'b' })).kind;
  },
  'pulls/list-files': async (c) => {
    try {
      await listPullRequestFiles(c, 'acme', 'platform', 1);
      return 'ok';
    } catch (thrown) {
      const f = apiFailure(thrown);
      return `threw ${f.status ?? 'no-answer'}`;
    }
  },
};

/** What success looks like per call. */
const SUCCESS: Record<string, string> = {
  'code-scanning/upload-sarif': 'complete', 'code-scanning/get-sarif': 'complete', 'checks/create': 'ok', 'checks/update': 'ok',
  'issues/list-comments': 'created', 'issues/create-comment': 'created', 'issues/update-comment': 'updated', 'pulls/list-files': 'ok',
};

/** The fallback outcome a persistent fault must end in, per call and fault. */
function expectedFailure(op: string, fault: string): string {
  const status = /^\d+$/.test(fault) ? Number(fault) : undefined;
  if (op === 'pulls/list-files') return `threw ${status ?? 'no-answer'}`;
  if (op === 'code-scanning/get-sarif') return status === 404 ? 'pending' : 'unconfirmed';
  // A refusal on the first write means no permission (the caller degrades and says why); once
  // the check run exists, a failing update is an error (the caller falls back to commands).
  if ((status === 403 || status === 404) && op !== 'checks/update') return 'forbidden';
  return 'error';
}

const FAULTS: Record<string, Omit<Fault, 'operation' | 'times'>> = {
  '401': { status: 401, body: { message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest', status: '401' } },
  '403': { status: 403, body: { message: 'Resource not accessible by integration', documentation_url: 'https://docs.github.com/rest', status: '403' } },
  '404': { status: 404, body: { message: 'Not Found', documentation_url: 'https://docs.github.com/rest', status: '404' } },
  '422': { status: 422 },
  '429': { status: 429, headers: { 'retry-after': '5' } },
  '500': { status: 500 },
  '502': { status: 502 },
  '503': { status: 503 },
  timeout: { status: 200, delayMs: 5_000 },
  reset: { status: 0, reset: true },
};
const RETRIED = new Set(['500', '502', '503', 'timeout', 'reset']);

/** A fake and a client of its own, closed after `fn` (the matrix runs concurrently). */
async function withFake(faults: Fault[], fn: (fake: FakeGitHub, client: Client) => Promise<void>): Promise<void> {
  const own = await FakeGitHub.start({ faults, pullFiles: [{ filename: 'a.yaml', status: 'modified' }] });
  try {
    await fn(own, createClient({ token: own.token, baseUrl: own.url, timeoutMs: TIMEOUT_MS, retries: RETRIES, retryBaseMs: 20, rateLimitRetries: 1, maxWaitSeconds: 2 }));
  } finally {
    await own.close();
  }
}

describe.concurrent('every API call under every fault', () => {
  for (const op of Object.keys(CALLS)) {
    describe(op, () => {
      for (const [name, fault] of Object.entries(FAULTS)) {
        it(`${name}, for good: a clear fallback, never an exception`, () => withFake([{ operation: op, times: 99, ...fault }], async (fake, client) => {
          const call = CALLS[op] as (typeof CALLS)[string];
          const kind = await timedAsync('api faults', `${op} ${name} (persistent)`, () => call(client, fake), (k) => k);
          expect(kind).toBe(expectedFailure(op, name));
          const tries = fake.calls(op).length;
          if (op === 'code-scanning/get-sarif' && name === '404') expect(tries).toBeGreaterThan(1); // polled until the time limit
          else if (RETRIED.has(name)) expect(tries, 'retried').toBe(RETRIES + 1 + (op === 'checks/update' ? RETRIES + 1 : 0)); // update: the batch, then completing the run
          else if (name === '429') expect(tries, 'retry-after beyond the wait limit: not retried').toBe(1 + (op === 'checks/update' ? 1 : 0));
          else expect(tries, 'not retried').toBe(1 + (op === 'checks/update' ? 1 : 0));
          expect(fake.violations).toEqual([]);
        }));
        if (RETRIED.has(name) || name === '429') {
          it(`${name}, once: retried, and it succeeds`, () => withFake([{ operation: op, times: 1, ...fault, ...(name === '429' ? { headers: { 'retry-after': '1' } } : {}) }], async (fake, client) => {
            const call = CALLS[op] as (typeof CALLS)[string];
            const kind = await timedAsync('api faults', `${op} ${name} (once)`, () => call(client, fake), (k) => k);
            expect(kind).toBe(SUCCESS[op]);
            expect(fake.violations).toEqual([]);
          }));
        }
      }
    });
  }
});

describe('failures are described with what to do', () => {
  it('401, 5xx, timeouts and network errors', async () => {
    expect(describeFailure({ status: 401, message: 'Bad credentials' })).toMatch(/^GitHub 401: Bad credentials; the token was refused: check the `token` input/);
    expect(describeFailure({ status: 502, message: 'Service Unavailable' })).toMatch(/an error on GitHub's side, retried; re-run the job/);
    const { client } = await setup([{ operation: 'checks/create', status: 200, delayMs: 5000, times: 99 }]);
    const outcome = await publishCheckRun(client, { owner: 'acme', repo: 'platform', name: 'g', headSha: SHA, title: 't', summary: 's', conclusion: 'success', annotations: [] });
    expect(outcome).toMatchObject({ kind: 'error', failure: { status: undefined, message: expect.stringMatching(/did not answer in time/) } });
    await fake?.close();
    const { client: c2 } = await setup([{ operation: 'checks/create', status: 0, reset: true, times: 99 }]);
    const reset = await publishCheckRun(c2, { owner: 'acme', repo: 'platform', name: 'g', headSha: SHA, title: 't', summary: 's', conclusion: 'success', annotations: [] });
    expect(reset).toMatchObject({ kind: 'error', failure: { status: undefined, message: expect.stringMatching(/^no answer from GitHub \(network error/) } });
  });

  it('a check run whose later batch fails is completed, not left in progress', async () => {
    const { fake, client } = await setup([{ operation: 'checks/update', status: 500, times: RETRIES + 1 }]);
    const outcome = await publishCheckRun(client, { owner: 'acme', repo: 'platform', name: 'g', headSha: SHA, title: 't', summary: 's', conclusion: 'failure', annotations: annotations(120) });
    expect(outcome).toMatchObject({ kind: 'error', published: 50 });
    expect(fake.checkRuns[0]).toMatchObject({ status: 'completed', conclusion: 'failure' });
    expect(fake.checkRuns[0]?.summary).toMatch(/Only 50 of 120 annotations could be attached/);
  });
});
