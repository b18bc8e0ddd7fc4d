// The GitHub API layer (src/github/) against the fake GitHub, in-process: every request the
// client makes is checked against GitHub's OpenAPI description by the fake.
import { afterEach, describe, expect, it } from 'vitest';
import { gunzipSync } from 'node:zlib';
import { createClient, type Client } from '../../src/github/client.js';
import { publishCheckRun, type CheckAnnotation } from '../../src/github/checks.js';
import { commentMarker, upsertComment } from '../../src/github/comment.js';
import { listPullRequestFiles } from '../../src/github/pulls.js';
import { prepareSarif, uploadSarif } from '../../src/github/sarif-upload.js';
import { FakeGitHub, type FakeOptions } from './fake-github.js';

let fake: FakeGitHub | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

async function setup(opts: FakeOptions = {}): Promise<{ fake: FakeGitHub; client: Client; log: string[] }> {
  fake = await FakeGitHub.start(opts);
  const log: string[] = [];
  const client = createClient({ token: fake.token, baseUrl: fake.url, log: (m) => log.push(m) });
  return { fake, client, log };
}

const SHA = 'a'.repeat(40);

function sarifWith(n: number) {
  const severities = ['low', 'critical', 'medium', 'high'];
  return {
    version: '2.1.0',
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    runs: [
      {
        tool: { driver: { name: 'eks-policy-gate', rules: [] } },
        results: Array.from({ length: n }, (_, i) => ({
          ruleId: 'EKS-PSB-002',
          message: { text: `finding ${i} ${'x'.repeat(40)}` },
          properties: { severity: severities[i % 4], blocking: i % 4 === 1 },
        })),
      },
    ],
  };
}

describe('fake GitHub (the test double itself)', () => {
  it('rejects requests GitHub would reject and records them as violations', async () => {
    const { fake } = await setup();
    const headers = { authorization: `token ${fake.token}`, 'content-type': 'application/json', 'user-agent': 'test' };
    // Missing head_sha.
    let r = await fetch(`${fake.url}/repos/acme/platform/check-runs`, { method: 'POST', headers, body: JSON.stringify({ name: 'x' }) });
    expect(r.status).toBe(422);
    // 51 annotations in one request.
    const annotations = Array.from({ length: 51 }, () => ({ path: 'a.yaml', start_line: 1, end_line: 1, annotation_level: 'failure', message: 'm' }));
    r = await fetch(`${fake.url}/repos/acme/platform/check-runs`, { method: 'POST', headers, body: JSON.stringify({ name: 'x', head_sha: SHA, output: { title: 't', summary: 's', annotations } }) });
    expect(r.status).toBe(422);
    // An undeclared query parameter, an unknown route, a wrong token.
    r = await fetch(`${fake.url}/repos/acme/platform/pulls/1/files?per_page=100&bogus=1`, { headers });
    expect(r.status).toBe(422);
    r = await fetch(`${fake.url}/repos/acme/platform/no-such-thing`, { headers });
    expect(r.status).toBe(404);
    r = await fetch(`${fake.url}/repos/acme/platform/pulls/1/files`, { headers: { ...headers, authorization: 'token nope' } });
    expect(r.status).toBe(401);
    // A ref code scanning does not accept.
    r = await fetch(`${fake.url}/repos/acme/platform/code-scanning/sarifs`, { method: 'POST', headers, body: JSON.stringify({ commit_sha: SHA, ref: 'main', sarif: 'H4sI' }) });
    expect(r.status).toBe(422);
    expect(fake.violations).toHaveLength(6);
    expect(fake.violations.join('\n')).toMatch(/head_sha/);
    expect(fake.violations.join('\n')).toMatch(/must NOT have more than 50 items/);
    expect(fake.violations.join('\n')).toMatch(/query parameter bogus is not declared/);
    expect(fake.violations.join('\n')).toMatch(/no such operation/);
    expect(fake.violations.join('\n')).toMatch(/authorization/);
    expect(fake.violations.join('\n')).toMatch(/\/ref must match pattern/);
  });
});

describe('code-scanning upload', () => {
  it('sends gzip+base64 SARIF with commit, ref, checkout URI, start time; polls until complete', async () => {
    const { fake, client } = await setup({ sarifStates: ['pending', 'pending', 'complete'] });
    const prepared = prepareSarif(sarifWith(3));
    const outcome = await uploadSarif(client, {
      owner: 'acme', repo: 'platform', commitSha: SHA, ref: 'refs/pull/7/merge', checkoutUri: 'file:///home/runner/work/platform/platform/',
      startedAt: '2026-05-01T10:00:00.000Z', gzipped: prepared.gzipped, pollIntervalsMs: [10],
    });
    expect(outcome.kind).toBe('complete');
    expect(fake.violations).toEqual([]);
    const [sent] = fake.sarifs;
    expect(sent).toMatchObject({ commit_sha: SHA, ref: 'refs/pull/7/merge', checkout_uri: 'file:///home/runner/work/platform/platform/', started_at: '2026-05-01T10:00:00.000Z', tool_name: 'eks-policy-gate' });
    expect(sent?.log.runs[0]?.results).toHaveLength(3);
    expect(fake.calls('code-scanning/get-sarif')).toHaveLength(3);
  });

  it('reports 403 without code scanning, and a failed processing with its errors', async () => {
    let { client } = await setup({ codeScanning: false });
    const gzipped = prepareSarif(sarifWith(1)).gzipped;
    const req = { owner: 'acme', repo: 'platform', commitSha: SHA, ref: 'refs/heads/main', checkoutUri: 'file:///w/', startedAt: new Date().toISOString(), gzipped, pollIntervalsMs: [10] };
    const off = await uploadSarif(client, req);
    expect(off).toMatchObject({ kind: 'forbidden', failure: { status: 403, message: expect.stringMatching(/Code Security .* must be enabled/) } });
    await fake?.close();
    ({ client } = await setup({ sarifStates: ['failed'], sarifErrors: ['an invalid URI was provided as a SARIF location'] }));
    expect(await uploadSarif(client, req)).toEqual({ kind: 'failed', id: expect.any(String), errors: ['an invalid URI was provided as a SARIF location'] });
    expect(fake?.violations).toEqual([]);
  });

  it('retries a 500 and honours a 429 retry-after', async () => {
    const { fake, client, log } = await setup({
      faults: [
        { operation: 'code-scanning/upload-sarif', status: 500 },
        { operation: 'code-scanning/upload-sarif', status: 429, headers: { 'retry-after': '1' } },
      ],
    });
    const started = Date.now();
    const outcome = await uploadSarif(client, { owner: 'acme', repo: 'platform', commitSha: SHA, ref: 'refs/heads/main', checkoutUri: 'file:///w/', startedAt: new Date().toISOString(), gzipped: prepareSarif(sarifWith(1)).gzipped, pollIntervalsMs: [10] });
    expect(outcome.kind).toBe('complete');
    const uploads = fake.calls('code-scanning/upload-sarif');
    expect(uploads.map((r) => r.status)).toEqual([500, 429, 202]);
    // The 429 asked for 1 s: the retry came no sooner.
    expect((uploads[2]?.at ?? 0) - (uploads[1]?.at ?? 0)).toBeGreaterThanOrEqual(950);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect(log.join('\n')).toMatch(/secondary rate limit .*retrying in 1 s/);
    expect(fake.violations).toEqual([]);
  });

  it('does not retry a 422', async () => {
    const { fake, client } = await setup({ faults: [{ operation: 'code-scanning/upload-sarif', status: 422 }] });
    const outcome = await uploadSarif(client, { owner: 'acme', repo: 'platform', commitSha: SHA, ref: 'refs/heads/main', checkoutUri: 'file:///w/', startedAt: new Date().toISOString(), gzipped: prepareSarif(sarifWith(1)).gzipped, pollIntervalsMs: [10] });
    expect(outcome).toMatchObject({ kind: 'error', failure: { status: 422 } });
    expect(fake.calls('code-scanning/upload-sarif')).toHaveLength(1);
  });

  it('trims to the result limit and the gzipped size limit, keeping the most severe', () => {
    const byCount = prepareSarif(sarifWith(100), { maxResults: 10 });
    expect(byCount).toMatchObject({ omitted: 90, total: 100 });
    const kept = JSON.parse(gunzipSync(byCount.gzipped).toString('utf8')).runs[0];
    expect(kept.results).toHaveLength(10);
    // Blocking critical findings (every 4th from 1) come first: 25 exist, all 10 kept are those.
    expect(kept.results.every((r: { properties: { severity: string } }) => r.properties.severity === 'critical')).toBe(true);
    expect(kept.properties.omittedResults).toBe(90);

    const big = sarifWith(2000);
    big.runs[0]!.results.forEach((r, i) => (r.message.text = `${i} ${Math.random().toString(36).repeat(20)}`));
    const bySize = prepareSarif(big, { maxBytes: 20_000 });
    expect(bySize.gzipped.length).toBeLessThanOrEqual(20_000);
    expect(bySize.omitted).toBeGreaterThan(0);
    expect(bySize.omitted).toBeLessThan(2000);
  });

  it('scrubs the text it gzips, and only the results it keeps are in it', () => {
    const log = sarifWith(30);
    log.runs[0]!.results.forEach((r, i) => (r.message.text = `finding ${i} with AKIAIOSFODNN7SECRET${i % 10}`));
    const seen: string[] = [];
    const scrub = (text: string) => {
      seen.push(text);
      return text.replace(/AKIAIOSFODNN7SECRET\d/g, 'AKIA***(redacted, 20 chars)');
    };
    const prepared = prepareSarif(log, { maxResults: 10, scrub });
    const text = gunzipSync(prepared.gzipped).toString('utf8');
    expect(text).not.toMatch(/AKIAIOSFODNN7SECRET/);
    expect(JSON.parse(text).runs[0].results).toHaveLength(10);
    expect(JSON.parse(text).runs[0].results[0].message.text).toMatch(/^finding \d+ with AKIA\*\*\*\(redacted, 20 chars\)$/);
    // The scrubber saw the trimmed log, never all 30 results.
    expect(seen.every((t) => (t.match(/"ruleId"/g) ?? []).length === 10)).toBe(true);
  });
});

describe('check runs', () => {
  const annotation = (i: number): CheckAnnotation => ({ path: `deploy/app-${i}.yaml`, start_line: i + 1, end_line: i + 1, start_column: 3, annotation_level: 'failure', message: `finding ${i}`, title: 'EKS-PSB-002 No privileged containers' });

  it('sends every annotation in batches of 50 and completes the run with the last one', async () => {
    const { fake, client } = await setup();
    const outcome = await publishCheckRun(client, {
      owner: 'acme', repo: 'platform', name: 'eks-policy-gate', headSha: SHA, title: '121 blocking findings', summary: '## fail', conclusion: 'failure',
      annotations: Array.from({ length: 121 }, (_, i) => annotation(i)),
    });
    expect(outcome).toMatchObject({ kind: 'ok', requests: 3, annotations: 121 });
    expect(fake.violations).toEqual([]);
    const [run] = fake.checkRuns;
    expect(run?.annotationsPerRequest).toEqual([50, 50, 21]);
    expect(run?.annotations).toHaveLength(121);
    expect(run).toMatchObject({ status: 'completed', conclusion: 'failure', head_sha: SHA });
    expect(fake.calls('checks/create')[0]?.body).toMatchObject({ status: 'in_progress' });
  });

  it('one request when 50 or fewer; 403 for a read-only token', async () => {
    let { fake, client } = await setup();
    const one = await publishCheckRun(client, { owner: 'acme', repo: 'platform', name: 'g', headSha: SHA, title: 't', summary: 's', conclusion: 'success', annotations: [] });
    expect(one).toMatchObject({ kind: 'ok', requests: 1 });
    expect(fake.calls('checks/create')[0]?.body).toMatchObject({ status: 'completed', conclusion: 'success' });
    await fake.close();
    ({ fake, client } = await setup({ readOnly: true }));
    const ro = await publishCheckRun(client, { owner: 'acme', repo: 'platform', name: 'g', headSha: SHA, title: 't', summary: 's', conclusion: 'success', annotations: [annotation(1)] });
    expect(ro).toMatchObject({ kind: 'forbidden', failure: { status: 403, message: 'Resource not accessible by integration' } });
    expect(fake.violations).toEqual([]);
  });
});

describe('pull request comment and files', () => {
  it('creates one sticky comment, then updates it in place', async () => {
    const { fake, client } = await setup();
    const marker = commentMarker('');
    const first = await upsertComment(client, { owner: 'acme', repo: 'platform', number: 3, marker, body: 'first' });
    const second = await upsertComment(client, { owner: 'acme', repo: 'platform', number: 3, marker, body: 'second' });
    expect(first.kind).toBe('created');
    expect(second.kind).toBe('updated');
    expect(fake.comments).toHaveLength(1);
    expect(fake.comments[0]?.body).toBe(`${marker}\nsecond`);
    expect(fake.violations).toEqual([]);
  });

  it('lists every changed file across pages, with renames', async () => {
    const files: Array<{ filename: string; status: string; previous_filename?: string }> = Array.from({ length: 250 }, (_, i) => ({ filename: `f${i}.yaml`, status: 'modified' }));
    files.push({ filename: 'new/name.yaml', status: 'renamed', previous_filename: 'old/name.yaml' });
    const { fake, client } = await setup({ pullFiles: files });
    const listed = await listPullRequestFiles(client, 'acme', 'platform', 3);
    expect(listed.files).toHaveLength(251);
    expect(listed.files.at(-1)).toEqual({ path: 'new/name.yaml', status: 'renamed', previous: 'old/name.yaml' });
    expect(fake.calls('pulls/list-files')).toHaveLength(3);
    expect(fake.violations).toEqual([]);
  });
});
