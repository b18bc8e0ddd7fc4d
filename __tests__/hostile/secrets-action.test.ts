// Secret canaries through the whole action (issue item 7): the bundled dist/index.js runs as the
// runner runs it, on a pull request that plants secrets in Kubernetes Secret data, container
// env, a ConfigMap private key, an embedded last-applied annotation and a Terraform plan's
// `after_sensitive` values, against the fake GitHub. Every output is searched for every form
// of every canary: stdout (workflow commands, annotations, notices, ::debug:: lines with
// ACTIONS_STEP_DEBUG=true), stderr, the job summary, the outputs, the SARIF file, what was
// uploaded to code scanning, the check run (annotations and summary), the PR comment and every
// request body the action sent. The canaries must also be *found* (the test is not vacuous).
import { afterAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { FakeGitHub, type FakeOptions } from '../github/fake-github.js';
import { baseRepository } from '../github/fixtures.js';
import { pullRequestEvent, pullRequestSandbox, runAction, type ActionRun } from '../github/harness.js';
import { ROOT } from '../helpers.js';
import { timedAsync } from './record.js';

const b64 = (s: string) => Buffer.from(s).toString('base64');

const CANARY = {
  secretStringData: 'Canary-StringData-7f3e9a1b',
  secretData: 'Canary-Data-Value-5c2d8e4f',
  awsKeyId: 'AKIACANARYQ2Z3Y4X5W6',
  awsSecret: 'CanaryAwsSecretKey0123456789abcdefGHIJKL',
  githubToken: 'ghp_CanaryGithubToken0123456789abcdEFGHIJ',
  envPassword: 'Canary-Env-Passw0rd-31337',
  pemBody: 'MIIEowIBAAKCAQEAcanaryPrivateKeyBodyCanaryPrivateKeyBody012345',
  lastApplied: 'Canary-LastApplied-Pw-6a7b',
  tfSensitive: 'Canary-Tf-Sensitive-Pw-9d8c',
  tfSensitiveShort: 'cnry-4321',
};

const PEM = `-----BEGIN RSA PRIVATE KEY-----\n${CANARY.pemBody}\n-----END RSA PRIVATE KEY-----\n`;

function plan(): string {
  const fixture = JSON.parse(fs.readFileSync(path.join(ROOT, '__tests__/fixtures/terraform/plans/v0.2-terraform-1.0.json'), 'utf8')) as { resource_changes: Array<{ change: { after: { environment?: Array<{ variables: Record<string, string> }> }; after_sensitive: unknown } }> };
  const text = JSON.stringify(fixture, null, 2).replace('s3cr3t-Passw0rd!', CANARY.tfSensitive);
  const parsed = JSON.parse(text) as typeof fixture;
  for (const rc of parsed.resource_changes) {
    const env = rc.change.after.environment?.[0];
    if (env) {
      env.variables.API_PIN = CANARY.tfSensitiveShort;
      rc.change.after_sensitive = { environment: [{ variables: { DB_PASSWORD: true, API_PIN: true } }] };
    }
  }
  return JSON.stringify(parsed, null, 2);
}

const FILES: Record<string, string> = {
  'deploy/secret.yaml': `apiVersion: v1
kind: Secret
metadata:
  name: app
  namespace: shop
  annotations:
    kubectl.kubernetes.io/last-applied-configuration: '${JSON.stringify({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'app', namespace: 'shop' }, stringData: { password: CANARY.lastApplied } })}'
stringData:
  token: ${CANARY.secretStringData}
data:
  password: ${b64(CANARY.secretData)}
`,
  'deploy/app.yaml': `apiVersion: apps/v1
kind: Deployment
metadata:
  name: leaky
  namespace: shop
spec:
  selector:
    matchLabels: {app: leaky}
  template:
    metadata:
      labels: {app: leaky}
    spec:
      containers:
        - name: app
          image: registry.example.com/leaky:1.0
          securityContext:
            privileged: true
          env:
            - name: AWS_ACCESS_KEY_ID
              value: ${CANARY.awsKeyId}
            - name: AWS_SECRET_ACCESS_KEY
              value: ${CANARY.awsSecret}
            - name: GITHUB_TOKEN
              value: ${CANARY.githubToken}
            - name: DB_PASSWORD
              value: ${CANARY.envPassword}
`,
  'deploy/tls.yaml': `apiVersion: v1
kind: ConfigMap
metadata:
  name: tls
  namespace: shop
data:
  tls.key: |
${PEM.split('\n').filter(Boolean).map((l) => `    ${l}`).join('\n')}
`,
  'infra/tfplan.json': plan(),
};

/** Every form in which a canary could leak: as planted, base64, JSON-escaped, URL-encoded. */
function forms(): string[] {
  const out = new Set<string>();
  for (const v of Object.values(CANARY)) {
    out.add(v);
    out.add(b64(v));
    out.add(encodeURIComponent(v));
  }
  out.add(b64(PEM));
  out.add(JSON.stringify(PEM).slice(1, -1));
  return [...out];
}

interface Collected {
  where: string;
  text: string;
}

function collect(run: ActionRun, fake: FakeGitHub): Collected[] {
  const sarifFile = run.outputs['sarif-file'];
  return [
    { where: 'stdout', text: run.stdout },
    { where: 'stderr', text: run.stderr },
    { where: 'job summary', text: run.summary },
    { where: 'outputs', text: JSON.stringify(run.outputs) },
    { where: 'SARIF file', text: sarifFile && fs.existsSync(sarifFile) ? fs.readFileSync(sarifFile, 'utf8') : '' },
    { where: 'uploaded SARIF', text: JSON.stringify(fake.sarifs.map((s) => s.log)) },
    { where: 'check runs', text: JSON.stringify(fake.checkRuns) },
    { where: 'PR comment', text: fake.comments.map((c) => c.body).join('\n') },
    { where: 'request bodies', text: JSON.stringify(fake.requests.map((r) => r.body)) },
  ];
}

const cleanup: Array<() => unknown> = [];
afterAll(async () => {
  for (const c of cleanup.reverse()) await c();
});

async function runWith(name: string, inputs: Record<string, string>, env: Record<string, string> = {}, fakeOptions: FakeOptions = {}): Promise<{ run: ActionRun; fake: FakeGitHub }> {
  const fake = await FakeGitHub.start(fakeOptions);
  cleanup.push(() => fake.close());
  const sb = pullRequestSandbox(baseRepository(), { files: FILES });
  cleanup.push(() => sb.cleanup());
  const run = await timedAsync('secrets', name, () => runAction({
    workspace: sb.workspace, home: sb.home, eventName: 'pull_request', event: pullRequestEvent(sb),
    sha: sb.mergeSha, ref: 'refs/pull/1/merge', apiUrl: fake.url, token: fake.token, inputs, env,
  }), (r) => `exit ${r.code}; ${collect(r, fake).filter((c) => forms().some((f) => c.text.includes(f))).map((c) => c.where).join(', ') || 'no canary in any output'}`);
  return { run, fake };
}

function expectNoCanary(run: ActionRun, fake: FakeGitHub): void {
  for (const { where, text } of collect(run, fake)) {
    for (const f of forms()) expect(text.includes(f), `${where} leaks ${f.slice(0, 8)}…`).toBe(false);
  }
}

describe('no secret value reaches any output of the action', () => {
  it('check run, SARIF upload, summary and PR comment', async () => {
    const { run, fake } = await runWith('action: check run + SARIF upload + summary + PR comment', { 'pr-comment': 'true', gate: 'all' });
    expect(run.code, run.stderr).toBe(1);
    expect(fake.violations).toEqual([]);
    // The canaries were found, so their findings went through every channel.
    const uploaded = fake.sarifs[0]?.log.runs[0]?.results ?? [];
    const rules = new Set(uploaded.map((r) => String(r.ruleId)));
    for (const id of ['EKS-DATA-007', 'EKS-DATA-009', 'EKS-DATA-010', 'EKS-DATA-011', 'EKS-DATA-012']) expect(rules, id).toContain(id);
    expect(fake.checkRuns[0]?.annotations.some((a) => String(a.title).startsWith('EKS-DATA-009'))).toBe(true);
    expect(fake.comments).toHaveLength(1);
    expect(run.summary).toMatch(/EKS-DATA-009/);
    // The search itself works: every canary is present, in some form, in the inputs.
    const inputs = Object.values(FILES).join('\n');
    for (const v of Object.values(CANARY)) expect(inputs.includes(v) || inputs.includes(b64(v)), v).toBe(true);
    expectNoCanary(run, fake);
  });

  it('workflow-command annotations with step debug logging on', async () => {
    const { run, fake } = await runWith('action: workflow commands, ACTIONS_STEP_DEBUG=true, RUNNER_DEBUG=1', { annotations: 'commands', 'upload-sarif': 'false', gate: 'all' }, { ACTIONS_STEP_DEBUG: 'true', RUNNER_DEBUG: '1' });
    expect(run.code, run.stderr).toBe(1);
    expect(run.commands.some((c) => c.props.title?.startsWith('EKS-DATA-009'))).toBe(true);
    expectNoCanary(run, fake);
  });

  it('when the API fails (500s, then a fallback to workflow commands)', async () => {
    const { run, fake } = await runWith('action: check run and comment answer 500, SARIF 422', { 'pr-comment': 'true', gate: 'all' }, { EKS_POLICY_GATE_API_RETRY_MS: '10' }, {
      faults: [
        { operation: 'checks/create', status: 500, times: 10 },
        { operation: 'issues/list-comments', status: 502, times: 10 },
        { operation: 'code-scanning/upload-sarif', status: 422 },
      ],
    });
    expect(run.code, run.stderr).toBe(1);
    expect(run.commands.some((c) => c.props.title?.startsWith('EKS-DATA-009'))).toBe(true);
    expectNoCanary(run, fake);
  });
});
