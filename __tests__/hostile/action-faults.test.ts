// The action (dist/index.js, as the runner runs it) when things go wrong: a refused token, an
// API that never answers, a job summary that cannot be written, a document a policy fails on.
// It still gates, says what happened and what to do, and fails closed on internal errors unless
// fail-on-error is false. Never a silent pass.
import { afterAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { FakeGitHub, type Fault, type FakeOptions } from '../github/fake-github.js';
import { baseRepository, PRIVILEGED } from '../github/fixtures.js';
import { pullRequestEvent, pullRequestSandbox, runAction, type ActionRun, type Change } from '../github/harness.js';
import { timedAsync } from './record.js';

const cleanup: Array<() => unknown> = [];
afterAll(async () => {
  for (const c of cleanup.reverse()) await c();
});

const OPERATIONS = ['code-scanning/upload-sarif', 'code-scanning/get-sarif', 'checks/create', 'checks/update', 'issues/list-comments', 'issues/create-comment', 'issues/update-comment', 'pulls/list-files'];
const everywhere = (f: Omit<Fault, 'operation'>): Fault[] => OPERATIONS.map((operation) => ({ operation, times: 99, ...f }));

/** An aws-auth ConfigMap whose mapRoles alias bomb makes a policy fail (see errors.test.ts). */
function awsAuthBomb(): string {
  const items = ['- &a {rolearn: "arn:aws:iam::111122223333:role/x", username: u, groups: [g]}'];
  let prev = 'a';
  for (let i = 0; i < 6; i++) {
    items.push(`- &b${i} [${Array(10).fill(`*${prev}`).join(', ')}]`);
    prev = `b${i}`;
  }
  return `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: aws-auth, namespace: kube-system}\ndata:\n  mapRoles: |\n${items.map((l) => `    ${l}`).join('\n')}\n`;
}

const own = (run: ActionRun, level: string) => run.commands.filter((c) => c.level === level && !c.props.file);

async function pr(name: string, change: Change, opts: { fake?: FakeOptions; inputs?: Record<string, string>; env?: Record<string, string> } = {}): Promise<{ run: ActionRun; fake: FakeGitHub }> {
  const fake = await FakeGitHub.start(opts.fake ?? {});
  cleanup.push(() => fake.close());
  const sb = pullRequestSandbox(baseRepository(), change);
  cleanup.push(() => sb.cleanup());
  const run = await timedAsync('action', name, () => runAction({
    workspace: sb.workspace, home: sb.home, eventName: 'pull_request', event: pullRequestEvent(sb), sha: sb.mergeSha, ref: 'refs/pull/1/merge',
    apiUrl: fake.url, token: fake.token, inputs: opts.inputs ?? {}, env: { EKS_POLICY_GATE_API_TIMEOUT_MS: '500', EKS_POLICY_GATE_API_RETRY_MS: '10', ...opts.env },
  }), (r) => `exit ${r.code}, result ${r.outputs.result ?? '(none)'}, errors ${r.outputs.errors ?? '(none)'}`);
  expect(fake.violations).toEqual([]);
  return { run, fake };
}

describe('API faults: the action still gates and says what to do', () => {
  it('a refused token (401 on every call): workflow commands, summary, one warning naming the token', async () => {
    const { run } = await pr('every API call answers 401', { files: { 'deploy/payments.yaml': PRIVILEGED } }, { fake: { faults: everywhere({ status: 401, body: { message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest', status: '401' } }) }, inputs: { 'pr-comment': 'true' } });
    expect(run.code).toBe(1);
    expect(run.outputs).toMatchObject({ result: 'fail', blocking: '1', errors: '0' });
    expect(run.commands.some((c) => c.props.file === 'deploy/payments.yaml' && c.level === 'error')).toBe(true);
    const warning = own(run, 'warning').map((c) => c.message).join('\n');
    expect(warning).toMatch(/The SARIF upload failed \(GitHub 401: Bad credentials; the token was refused: check the `token` input/);
    expect(warning).toMatch(/The check run failed after 0 annotations \(GitHub 401/);
    expect(warning).toMatch(/The PR comment failed \(GitHub 401/);
    expect(run.summary).toMatch(/^## ❌ eks-policy-gate: fail/);
  });

  it('an API that never answers: bounded time, the same fallbacks, and the gate is judged', async () => {
    const { run } = await pr('every API call times out (0.5 s limit)', { files: { 'deploy/payments.yaml': PRIVILEGED } }, { fake: { faults: everywhere({ status: 200, delayMs: 60_000 }) } });
    expect(run.code).toBe(1);
    expect(run.outputs.result).toBe('fail');
    expect(run.ms).toBeLessThan(45_000);
    expect(own(run, 'warning').map((c) => c.message).join('\n')).toMatch(/GitHub did not answer in time/);
    expect(run.commands.some((c) => c.props.file === 'deploy/payments.yaml')).toBe(true);
  });

  it('5xx on the check run, 502 on comments: retried, then commands and a warning', async () => {
    const { run, fake } = await pr('check run 500 and comments 502 for good', { files: { 'deploy/payments.yaml': PRIVILEGED } }, { fake: { faults: [{ operation: 'checks/create', status: 500, times: 99 }, { operation: 'issues/list-comments', status: 502, times: 99 }] }, inputs: { 'pr-comment': 'true' } });
    expect(run.code).toBe(1);
    expect(fake.calls('checks/create').length).toBe(4); // 1 + 3 retries
    expect(own(run, 'warning')[0]?.message).toMatch(/an error on GitHub's side, retried; re-run the job if it persists/);
    expect(fake.sarifs).toHaveLength(1);
  });
});

describe('internal errors fail the gate closed', () => {
  it('a document a policy fails on: exit 1 and result error although no finding blocks', async () => {
    const { run, fake } = await pr('aws-auth alias bomb in the PR (policy fails on it)', { files: { 'deploy/aws-auth.yaml': awsAuthBomb() } });
    expect(run.code, run.stdout).toBe(1);
    expect(run.outputs).toMatchObject({ result: 'error', errors: '1', blocking: '0' });
    const errors = own(run, 'error').map((c) => c.message);
    expect(errors[0]).toMatch(/^eks-policy-gate: 1 internal error: something could not be checked\.\n- deploy\/aws-auth\.yaml: the policies failed on ConfigMap kube-system\/aws-auth/);
    expect(errors[0]).toMatch(/The gate failed closed\. Fix or exclude what is named above, or set `fail-on-error: false`/);
    expect(errors[1]).toMatch(/eks-policy-gate failed closed on 1 internal error .*; no finding blocks\./);
    expect(run.summary).toMatch(/^## ⚠️ eks-policy-gate: error/);
    expect(run.summary).toMatch(/> \[!CAUTION\]\n> 1 internal error: something could not be checked, so the gate failed closed/);
    expect(fake.checkRuns[0]?.conclusion).toBe('failure');
    const sarif = JSON.parse(fs.readFileSync(run.outputs['sarif-file'] ?? '', 'utf8')) as { runs: Array<{ invocations?: Array<{ executionSuccessful: boolean }> }> };
    expect(sarif.runs[0]?.invocations?.[0]?.executionSuccessful).toBe(false);
  });

  it('fail-on-error: false reports the error and passes on the findings', async () => {
    const { run, fake } = await pr('aws-auth alias bomb, fail-on-error false', { files: { 'deploy/aws-auth.yaml': awsAuthBomb() } }, { inputs: { 'fail-on-error': 'false' } });
    expect(run.code).toBe(0);
    expect(run.outputs).toMatchObject({ result: 'pass', errors: '1' });
    expect(own(run, 'warning').map((c) => c.message).join('\n')).toMatch(/1 internal error.*\n[\s\S]*fail-on-error is false: the verdict reflects the findings alone/);
    expect(run.summary).toMatch(/reported only \(`fail-on-error: false`\)/);
    expect(fake.checkRuns[0]?.conclusion).toBe('success');
  });

  it('a job summary that cannot be written fails closed too', async () => {
    const dir = fs.mkdtempSync(path.join(fs.realpathSync('/tmp'), 'epg-summary-dir-'));
    cleanup.push(() => fs.rmSync(dir, { recursive: true, force: true }));
    const { run } = await pr('GITHUB_STEP_SUMMARY is a directory', { files: { 'README.md': '# docs\n' } }, { env: { GITHUB_STEP_SUMMARY: dir } });
    expect(run.code).toBe(1);
    expect(run.outputs).toMatchObject({ result: 'error', errors: '1' });
    expect(own(run, 'error')[0]?.message).toMatch(/The job summary could not be written \(EISDIR/);
  });
});
