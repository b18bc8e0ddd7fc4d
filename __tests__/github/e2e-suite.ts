// End-to-end scenarios of the action: the bundled dist/index.js, run as the runner runs it, in a
// git checkout of a pull request (or push, merge queue, manual run), against the fake GitHub
// API. Shared by the Node 20 and Node 24 test files.
import { afterAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { FakeGitHub, type FakeOptions } from './fake-github.js';
import { baseRepository, deployment, lineOf, manyViolations, PRIVILEGED } from './fixtures.js';
import { nodeVersion, pullRequestEvent, pullRequestSandbox, REPOSITORY, runAction, sh, type ActionRun, type Change, type CheckoutOptions, type Sandbox } from './harness.js';

interface Scenario {
  base?: Record<string, string>;
  change: Change;
  checkout?: CheckoutOptions;
  fake?: FakeOptions;
  inputs?: Record<string, string>;
  fork?: boolean;
  actor?: string;
  eventName?: 'pull_request' | 'pull_request_target';
}

interface Outcome {
  sb: Sandbox;
  fake: FakeGitHub;
  run: ActionRun;
  sarif: { runs: Array<{ results: Array<{ ruleId: string; baselineState?: string; suppressions?: unknown[]; locations: Array<{ physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }> }> }> };
}

/** Own workflow commands (no file): the notice, the warning, the failure. */
function own(run: ActionRun, level: string) {
  return run.commands.filter((c) => c.level === level && !c.props.file);
}
function findingCommands(run: ActionRun) {
  return run.commands.filter((c) => c.props.file);
}

export function e2eSuite(runtime: { name: string; node: string }): void {
  const cleanup: Array<() => unknown> = [];
  afterAll(async () => {
    for (const c of cleanup.reverse()) await c();
  });

  async function start(opts: FakeOptions = {}): Promise<FakeGitHub> {
    const fake = await FakeGitHub.start(opts);
    cleanup.push(() => fake.close());
    return fake;
  }

  function sandbox(base: Record<string, string>, change: Change, checkout: CheckoutOptions = {}): Sandbox {
    const sb = pullRequestSandbox(base, change, checkout);
    cleanup.push(() => sb.cleanup());
    return sb;
  }

  function checkNoLeak(run: ActionRun, fake: FakeGitHub, sb: Sandbox): void {
    expect(fake.violations).toEqual([]);
    const sarifFile = run.outputs['sarif-file'];
    // The one place the token may appear: the ::add-mask:: command that tells the runner to mask it.
    expect(run.stdout.split('\n').filter((l) => l.includes(fake.token))).toEqual([`::add-mask::${fake.token}`]);
    const stdout = run.stdout.split('\n').filter((l) => !l.startsWith('::add-mask::')).join('\n');
    const texts = [stdout, run.stderr, run.summary, JSON.stringify(run.outputs), sarifFile && fs.existsSync(sarifFile) ? fs.readFileSync(sarifFile, 'utf8') : '', ...fake.comments.map((c) => c.body), ...fake.checkRuns.map((c) => JSON.stringify(c))];
    for (const t of texts) expect(t.includes(fake.token), 'the token must never be printed').toBe(false);
    expect(sb.workspace).toBeTruthy();
  }

  async function pr(s: Scenario): Promise<Outcome> {
    const fake = await start(s.fake);
    const sb = sandbox(s.base ?? baseRepository(), s.change, s.checkout);
    const eventName = s.eventName ?? 'pull_request';
    const run = await runAction({
      workspace: sb.workspace,
      home: sb.home,
      eventName,
      event: pullRequestEvent(sb, { fork: s.fork }),
      sha: eventName === 'pull_request' ? sb.mergeSha : sb.baseSha,
      ref: eventName === 'pull_request' ? 'refs/pull/1/merge' : 'refs/heads/main',
      apiUrl: fake.url,
      token: fake.token,
      actor: s.actor ?? 'dev',
      inputs: s.inputs ?? {},
      node: runtime.node,
    });
    checkNoLeak(run, fake, sb);
    const sarifFile = run.outputs['sarif-file'] ?? '';
    const sarif = JSON.parse(fs.readFileSync(sarifFile, 'utf8')) as Outcome['sarif'];
    return { sb, fake, run, sarif };
  }

  describe(`the action under ${runtime.name} (${nodeVersion(runtime.node)})`, () => {
    it('a pull request that adds violations fails, reported everywhere', async () => {
      const { sb, fake, run, sarif } = await pr({ change: { files: { 'deploy/payments.yaml': PRIVILEGED } }, inputs: { 'pr-comment': 'true' } });
      expect(run.code, run.stdout + run.stderr).toBe(1);
      expect(run.outputs).toMatchObject({ result: 'fail', blocking: '1', 'sarif-file': path.join(sb.workspace, 'eks-policy-gate.sarif') });
      expect(Number(run.outputs.new)).toBeGreaterThan(1);
      expect(Number(run.outputs.findings)).toBeGreaterThan(Number(run.outputs.new));
      // setFailed names what blocked.
      expect(own(run, 'error').map((c) => c.message)).toEqual([expect.stringMatching(/^1 blocking finding \(new on this change, severity high or above, enforce mode\)\.$/)]);
      // The base scan took the parses of the files the change left alone (every one but the new
      // file), and evaluated only the rules of this revision's findings.
      const took = /Evaluated the base revision [0-9a-f]{12} in \d+ ms: \d+ findings there of the (\d+) rules this revision reports \((\d+) of (\d+) files' parses taken from this revision's scan, where the inputs are the same\)\./.exec(run.stdout);
      expect(took, run.stdout).not.toBeNull();
      expect(Number(took?.[1])).toBeGreaterThan(1);
      expect(Number(took?.[1])).toBeLessThanOrEqual(Number(run.outputs.findings));
      expect(Number(took?.[2])).toBe(Number(took?.[3]) - 1);

      // SARIF: uploaded for the test merge commit, gzip+base64, with baseline states.
      expect(fake.sarifs).toHaveLength(1);
      expect(fake.sarifs[0]).toMatchObject({ commit_sha: sb.mergeSha, ref: 'refs/pull/1/merge', checkout_uri: `file://${sb.workspace}/`, tool_name: 'eks-policy-gate' });
      const uploaded = fake.sarifs[0]!.log.runs[0]!.results!;
      expect(uploaded.length).toBe(sarif.runs[0]!.results.length);
      const psb002 = sarif.runs[0]!.results.find((r) => r.ruleId === 'EKS-PSB-002');
      expect(psb002).toMatchObject({ baselineState: 'new', locations: [{ physicalLocation: { artifactLocation: { uri: 'deploy/payments.yaml' }, region: { startLine: lineOf(PRIVILEGED, 'privileged: true') } } }] });
      const legacy = sarif.runs[0]!.results.find((r) => r.ruleId === 'EKS-PSB-001');
      expect(legacy?.baselineState).toBe('unchanged');

      // Annotations: one check run on the PR head; new findings only (legacy's is old and untouched).
      expect(fake.checkRuns).toHaveLength(1);
      const check = fake.checkRuns[0]!;
      expect(check).toMatchObject({ head_sha: sb.headSha, name: 'eks-policy-gate', status: 'completed', conclusion: 'failure', title: '1 blocking finding' });
      expect(check.annotations.length).toBe(Number(run.outputs.new));
      expect(check.annotations.every((a) => a.path === 'deploy/payments.yaml')).toBe(true);
      expect(check.annotations[0]).toMatchObject({ annotation_level: 'failure', title: 'EKS-PSB-002 No privileged containers', start_line: lineOf(PRIVILEGED, 'privileged: true') });
      expect(findingCommands(run)).toEqual([]);

      // Summary: verdict, counts, the blocking table linked to the line.
      expect(run.summary).toMatch(/^## ❌ eks-policy-gate: fail/);
      expect(run.summary).toContain('| **total** |');
      expect(run.summary).toContain(`[deploy/payments.yaml:${lineOf(PRIVILEGED, 'privileged: true')}](https://github.com/${REPOSITORY}/blob/${sb.mergeSha}/deploy/payments.yaml#L${lineOf(PRIVILEGED, 'privileged: true')})`);
      expect(run.summary).toMatch(/### Findings by rule/);
      expect(run.summary).toMatch(/SARIF uploaded to code scanning for `refs\/pull\/1\/merge`/);
      // The sticky comment.
      expect(fake.comments).toHaveLength(1);
      expect(fake.comments[0]?.body).toMatch(/^<!-- eks-policy-gate:comment -->\n## ❌ eks-policy-gate: fail/);
      expect(own(run, 'notice')).toEqual([]);
      expect(own(run, 'warning')).toEqual([]);
    });

    it('a pull request that touches nothing relevant passes despite old violations', async () => {
      const { fake, run } = await pr({ change: { files: { 'README.md': '# platform\n\nHow to deploy.\n' } } });
      expect(run.code, run.stdout + run.stderr).toBe(0);
      expect(run.outputs).toMatchObject({ result: 'pass', blocking: '0', new: '0' });
      expect(Number(run.outputs.findings)).toBeGreaterThan(0);
      expect(fake.checkRuns[0]).toMatchObject({ conclusion: 'success', annotations: [] });
      expect(run.summary).toMatch(/^## ✅ eks-policy-gate: pass/);
      expect(run.summary).toMatch(/0 new and \d+ already on the base/);
      expect(own(run, 'error')).toEqual([]);
    });

    it('a pull request on a compliant repository passes without scanning its base: nothing can be new', async () => {
      const secure = path.resolve(__dirname, '../../examples/secure-app');
      const base = Object.fromEntries(fs.readdirSync(secure).map((f) => [`deploy/${f}`, fs.readFileSync(path.join(secure, f), 'utf8')]));
      const { run, sb } = await pr({ base, change: { files: { 'deploy/README.md': '# the app\n' } } });
      expect(run.code, run.stdout + run.stderr).toBe(0);
      expect(run.outputs).toMatchObject({ result: 'pass', findings: '0', blocking: '0', new: '0' });
      expect(run.stdout).toMatch(/The base revision [0-9a-f]{12} was not scanned: this revision has no finding, so none can be new\./);
      expect(run.stdout).not.toContain('Evaluated the base revision');
      // The checkout started beside the scan is gone.
      expect(sh(sb.workspace, ['worktree', 'list']).split('\n')).toHaveLength(1);
    });

    it('the same pull request fails with gate: all (old violations block) and passes with gate: changed', async () => {
      const all = await pr({ change: { files: { 'README.md': '# platform\n\nDocs.\n' } }, inputs: { gate: 'all' } });
      expect(all.run.code).toBe(1);
      expect(all.run.outputs).toMatchObject({ result: 'fail', blocking: '1', new: '0' });
      const changed = await pr({ change: { files: { 'README.md': '# platform\n\nDocs.\n' } }, inputs: { gate: 'changed' } });
      expect(changed.run.code).toBe(0);
      expect(changed.run.outputs).toMatchObject({ result: 'pass', blocking: '0' });
    });

    it('a pull request that deletes a NetworkPolicy fails for the uncovered workloads in files it did not touch', async () => {
      const base = baseRepository();
      const { run, fake } = await pr({ base, change: { files: { 'deploy/netpol.yaml': null } } });
      expect(run.code, run.stdout + run.stderr).toBe(1);
      expect(run.outputs.result).toBe('fail');
      const check = fake.checkRuns[0]!;
      const blocking = check.annotations.filter((a) => a.annotation_level === 'failure');
      const net004 = blocking.filter((a) => String(a.title).startsWith('EKS-NET-004'));
      // web and api lose ingress isolation; neither file is in the pull request.
      expect(net004.map((a) => a.path).sort()).toEqual(['deploy/api.yaml', 'deploy/legacy.yaml', 'deploy/web.yaml']);
      expect(blocking.every((a) => a.path !== 'deploy/netpol.yaml')).toBe(true);
      expect(run.summary).toMatch(/EKS-NET-004/);
    });

    it('fork pull request: read-only token, one notice, workflow commands, summary, SARIF file', async () => {
      const { run, fake, sb } = await pr({ change: { files: { 'deploy/payments.yaml': PRIVILEGED } }, fork: true, fake: { readOnly: true }, inputs: { 'pr-comment': 'true' } });
      expect(run.code).toBe(1);
      expect(run.outputs).toMatchObject({ result: 'fail', blocking: '1', 'sarif-file': path.join(sb.workspace, 'eks-policy-gate.sarif') });
      expect(fs.existsSync(run.outputs['sarif-file']!)).toBe(true);
      // The writes were tried and refused, as GitHub refuses them.
      expect(fake.calls('code-scanning/upload-sarif').map((r) => r.status)).toEqual([403]);
      expect(fake.calls('checks/create').map((r) => r.status)).toEqual([403]);
      expect(fake.calls('issues/create-comment').map((r) => r.status)).toEqual([403]);
      const notices = own(run, 'notice');
      expect(notices).toHaveLength(1);
      expect(notices[0]?.message).toMatch(/^eks-policy-gate ran in reduced mode: SARIF not uploaded to code scanning; no check run, so annotations are workflow commands; no PR comment \(this pull request comes from a fork, so GitHub gives the workflow a read-only token\)\. The results are in the job summary, in workflow-command annotations and in eks-policy-gate\.sarif \(output sarif-file; keep it with actions\/upload-artifact\)\./);
      expect(own(run, 'warning')).toEqual([]);
      const commands = findingCommands(run);
      expect(commands[0]).toMatchObject({ level: 'error', props: { file: 'deploy/payments.yaml', line: String(lineOf(PRIVILEGED, 'privileged: true')), title: 'EKS-PSB-002 No privileged containers' } });
      expect(run.summary).toMatch(/Reduced mode: SARIF not uploaded to code scanning; no check run/);
      expect(run.summary).toMatch(/as workflow commands/);
    });

    it('Dependabot pull request: the same reduced mode, saying why', async () => {
      const { run } = await pr({ change: { files: { 'deploy/payments.yaml': PRIVILEGED } }, actor: 'dependabot[bot]', fake: { readOnly: true } });
      expect(run.code).toBe(1);
      expect(own(run, 'notice')).toHaveLength(1);
      expect(own(run, 'notice')[0]?.message).toMatch(/Dependabot runs workflows with a read-only token/);
      expect(findingCommands(run).length).toBeGreaterThan(0);
    });

    it('repository without code scanning: one notice, check run still used, gate still judged', async () => {
      const { run, fake } = await pr({ change: { files: { 'deploy/payments.yaml': PRIVILEGED } }, fake: { codeScanning: false } });
      expect(run.code).toBe(1);
      expect(fake.calls('code-scanning/upload-sarif').map((r) => r.status)).toEqual([403]);
      const notices = own(run, 'notice');
      expect(notices).toHaveLength(1);
      expect(notices[0]?.message).toMatch(/reduced mode: SARIF not uploaded to code scanning \(code scanning is not enabled for this repository; GitHub said: "GitHub Code Security or GitHub Advanced Security must be enabled for this repository to use code scanning\."\)\./);
      expect(fake.checkRuns).toHaveLength(1);
      expect(findingCommands(run)).toEqual([]);
      expect(own(run, 'warning')).toEqual([]);
    });

    it('more than 10 findings as workflow commands: the most severe first, within 10 per type, and says how many more', async () => {
      const { run } = await pr({ change: { files: manyViolations(8) }, inputs: { annotations: 'commands' } });
      expect(run.code).toBe(1);
      const total = Number(run.outputs.new);
      expect(total).toBeGreaterThan(30);
      const byLevel = (l: string) => run.commands.filter((c) => c.level === l);
      for (const level of ['error', 'warning', 'notice']) expect(byLevel(level).length, level).toBeLessThanOrEqual(10);
      const errors = findingCommands(run).filter((c) => c.level === 'error');
      expect(errors).toHaveLength(9);
      // Critical (privileged) before high (hostNetwork).
      expect(errors.slice(0, 8).every((c) => c.props.title?.startsWith('EKS-PSB-002'))).toBe(true);
      const shown = findingCommands(run).length;
      const notice = own(run, 'notice');
      expect(notice).toHaveLength(1);
      expect(notice[0]?.message).toBe(`${total - shown} more findings are not annotated (GitHub shows 10 workflow-command annotations per type); the job summary and eks-policy-gate.sarif list them.`);
      expect(run.summary).toContain(`**${total - shown} more** not annotated`);
      expect(run.summary).toMatch(/### Blocking findings/);
      expect(Number(run.outputs.blocking)).toBe(16);
    });

    it('more than 50 annotations: one check run, in batches of 50', async () => {
      const { run, fake } = await pr({ change: { files: manyViolations(30) } });
      expect(run.code).toBe(1);
      const total = Number(run.outputs.new);
      expect(total).toBeGreaterThan(100);
      const check = fake.checkRuns[0]!;
      expect(check.annotations).toHaveLength(total);
      expect(check.annotationsPerRequest.every((n) => n <= 50)).toBe(true);
      expect(check.annotationsPerRequest).toEqual([...Array(Math.floor(total / 50)).fill(50), ...(total % 50 ? [total % 50] : [])]);
      expect(check).toMatchObject({ status: 'completed', conclusion: 'failure' });
      expect(run.summary).toContain(`with ${total} annotations (${check.requests} requests of at most 50)`);
      expect(findingCommands(run)).toEqual([]);
    });

    it('API faults: 429 with retry-after and 500 are retried; a 422 on the check run falls back to workflow commands', async () => {
      const retried = await pr({
        change: { files: { 'deploy/payments.yaml': PRIVILEGED } },
        fake: {
          faults: [
            { operation: 'checks/create', status: 429, headers: { 'retry-after': '1' } },
            { operation: 'code-scanning/upload-sarif', status: 500 },
            { operation: 'code-scanning/get-sarif', status: 502 },
          ],
        },
      });
      expect(retried.run.code).toBe(1);
      expect(retried.fake.calls('checks/create').map((r) => r.status)).toEqual([429, 201]);
      expect(retried.fake.calls('code-scanning/upload-sarif').map((r) => r.status)).toEqual([500, 202]);
      expect(retried.fake.checkRuns).toHaveLength(1);
      expect(own(retried.run, 'warning')).toEqual([]);
      expect(retried.run.summary).toMatch(/SARIF uploaded/);

      const rejected = await pr({ change: { files: { 'deploy/payments.yaml': PRIVILEGED } }, fake: { faults: [{ operation: 'checks/create', status: 422 }] } });
      expect(rejected.run.code).toBe(1);
      expect(rejected.fake.calls('checks/create').map((r) => r.status)).toEqual([422]);
      expect(own(rejected.run, 'warning')[0]?.message).toMatch(/The check run failed after 0 annotations \(GitHub 422: Validation Failed/);
      expect(findingCommands(rejected.run)[0]).toMatchObject({ level: 'error', props: { file: 'deploy/payments.yaml' } });
    });

    it('SARIF rejected by code scanning: a warning; with upload-sarif: true the step fails even when the gate passes', async () => {
      const soft = await pr({ change: { files: { 'README.md': 'x\n' } }, fake: { sarifStates: ['pending', 'failed'] } });
      expect(soft.run.code).toBe(0);
      expect(own(soft.run, 'warning')[0]?.message).toMatch(/Code scanning rejected the SARIF upload: locationFromSarifResult/);
      const strict = await pr({ change: { files: { 'README.md': 'x\n' } }, fake: { sarifStates: ['failed'] }, inputs: { 'upload-sarif': 'true' } });
      expect(strict.run.code).toBe(1);
      expect(strict.run.outputs.result).toBe('pass');
      expect(own(strict.run, 'error')[0]?.message).toMatch(/not uploaded to code scanning, and upload-sarif is true/);
    });

    it('the base commit cannot be fetched: changed files from the pulls API, gate new falls back to all and says so', async () => {
      const fake = await start({ pullFiles: [{ filename: 'deploy/payments.yaml', status: 'added' }] });
      const sb = sandbox(baseRepository(), { files: { 'deploy/payments.yaml': PRIVILEGED } });
      sh(sb.workspace, ['remote', 'remove', 'origin']);
      const run = await runAction({ workspace: sb.workspace, home: sb.home, eventName: 'pull_request', event: pullRequestEvent(sb), sha: sb.mergeSha, ref: 'refs/pull/1/merge', apiUrl: fake.url, token: fake.token, node: runtime.node });
      checkNoLeak(run, fake, sb);
      expect(run.code).toBe(1);
      // legacy's old hostPID blocks too: nothing to compare with.
      expect(run.outputs.blocking).toBe('2');
      expect(fake.calls('pulls/list-files')).toHaveLength(1);
      expect(run.summary).toMatch(/The changed files come from the pull request API/);
      expect(run.summary).toMatch(/Without a base revision every blocking finding blocks/);
      const changed = await runAction({ workspace: sb.workspace, home: sb.home, eventName: 'pull_request', event: pullRequestEvent(sb), sha: sb.mergeSha, ref: 'refs/pull/1/merge', apiUrl: fake.url, token: fake.token, node: runtime.node, inputs: { gate: 'changed' } });
      expect(changed.outputs.blocking).toBe('1');
    });

    it('suppressions and exceptions: left out of the gate, kept in SARIF, expired and unused exceptions in the summary', async () => {
      const config = `version: 1
exceptions:
  - rule: EKS-PSB-002
    resource: { kind: Deployment, namespace: shop, name: payments }
    reason: card-reader device access, reviewed
    owner: team-payments
    expires: 2099-12-31
  - rule: EKS-PSB-001
    resource: { kind: Deployment, namespace: shop, name: legacy }
    reason: old debugger
    owner: team-sre
    expires: 2020-01-31
  - rule: EKS-PSB-001
    resource: { kind: Deployment, namespace: shop, name: nothing-here }
    reason: removed long ago
    owner: team-old
`;
      const { run, sarif } = await pr({
        change: {
          files: {
            '.eks-policy-gate.yaml': config,
            'deploy/payments.yaml': PRIVILEGED,
            'deploy/agent.yaml': deployment('agent', { spec: ['hostNetwork: true'], annotations: { 'ignore.eks-policy-gate.io/EKS-PSB-001': 'node agent needs the host network' } }),
          },
        },
      });
      expect(run.code, run.summary).toBe(0);
      expect(run.outputs).toMatchObject({ result: 'pass', blocking: '0' });
      const suppressed = sarif.runs[0]!.results.filter((r) => r.suppressions);
      expect(suppressed.map((r) => `${r.ruleId} ${r.locations[0]?.physicalLocation.artifactLocation.uri}`).sort()).toEqual(['EKS-PSB-001 deploy/agent.yaml', 'EKS-PSB-002 deploy/payments.yaml']);
      expect(run.summary).toMatch(/2 findings suppressed: 1 by annotation, 0 by comment, 1 by configuration exception/);
      expect(run.summary).toMatch(/\*\*Expired exceptions\*\*[\s\S]*rule EKS-PSB-001, resource Deployment\/shop\/legacy \| team-sre \| 2020-01-31/);
      expect(run.summary).toMatch(/\*\*Unused exceptions\*\*[\s\S]*nothing-here \| team-old/);
    });
  });

  describe(`events under ${runtime.name}`, () => {
    async function eventRun(eventName: string, event: unknown, sb: Sandbox, sha: string, ref: string, fakeOpts: FakeOptions = {}) {
      const fake = await start(fakeOpts);
      const run = await runAction({ workspace: sb.workspace, home: sb.home, eventName, event, sha, ref, apiUrl: fake.url, token: fake.token, node: runtime.node });
      checkNoLeak(run, fake, sb);
      return { run, fake };
    }

    it('push: compared with the commit before, results filed under the branch', async () => {
      const sb = sandbox(baseRepository(), { files: { 'deploy/payments.yaml': PRIVILEGED } }, { checkout: 'head' });
      const { run, fake } = await eventRun('push', { before: sb.baseSha, after: sb.headSha, ref: 'refs/heads/feature', repository: { full_name: REPOSITORY, default_branch: 'main' } }, sb, sb.headSha, 'refs/heads/feature');
      expect(run.code).toBe(1);
      expect(run.outputs).toMatchObject({ blocking: '1' });
      expect(fake.sarifs[0]).toMatchObject({ ref: 'refs/heads/feature', commit_sha: sb.headSha });
      expect(fake.checkRuns[0]).toMatchObject({ head_sha: sb.headSha });
      expect(run.summary).toMatch(/compared with the commit before the push/);
    });

    it('merge_group: compared with the queue base', async () => {
      const sb = sandbox(baseRepository(), { files: { 'README.md': 'docs\n' } });
      const ref = 'refs/heads/gh-readonly-queue/main/pr-1-' + sb.baseSha;
      const { run, fake } = await eventRun('merge_group', { merge_group: { base_sha: sb.baseSha, head_sha: sb.mergeSha, base_ref: 'refs/heads/main', head_ref: ref }, repository: { full_name: REPOSITORY } }, sb, sb.mergeSha, ref);
      expect(run.code).toBe(0);
      expect(run.outputs).toMatchObject({ new: '0', result: 'pass' });
      expect(fake.sarifs[0]).toMatchObject({ ref, commit_sha: sb.mergeSha });
      expect(run.summary).toMatch(/the merge queue's base/);
    });

    it('workflow_dispatch on a branch: compared with its merge base with the default branch', async () => {
      const sb = sandbox(baseRepository(), { files: { 'deploy/payments.yaml': PRIVILEGED } }, { checkout: 'head' });
      const { run } = await eventRun('workflow_dispatch', { ref: 'refs/heads/feature', repository: { full_name: REPOSITORY, default_branch: 'main' }, inputs: {} }, sb, sb.headSha, 'refs/heads/feature');
      expect(run.code).toBe(1);
      expect(run.outputs.blocking).toBe('1');
      expect(run.summary).toMatch(/the merge base [0-9a-f]{12} with the default branch main/);
    });

    it('pull_request_target with the PR head checked out: results under refs/pull/N/head', async () => {
      const fake = await start();
      const sb = sandbox(baseRepository(), { files: { 'deploy/payments.yaml': PRIVILEGED } }, { checkout: 'head' });
      const run = await runAction({ workspace: sb.workspace, home: sb.home, eventName: 'pull_request_target', event: pullRequestEvent(sb, { fork: true }), sha: sb.baseSha, ref: 'refs/heads/main', apiUrl: fake.url, token: fake.token, node: runtime.node });
      checkNoLeak(run, fake, sb);
      expect(run.code).toBe(1);
      expect(run.outputs.blocking).toBe('1');
      // pull_request_target's token can write even for forks.
      expect(fake.sarifs[0]).toMatchObject({ ref: 'refs/pull/1/head', commit_sha: sb.headSha });
      expect(fake.checkRuns[0]).toMatchObject({ head_sha: sb.headSha });
    });

    it('pull_request_target without checking out the PR: warns that the scan saw the base', async () => {
      const fake = await start();
      const sb = sandbox(baseRepository(), { files: { 'deploy/payments.yaml': PRIVILEGED } }, { checkout: 'base' });
      const run = await runAction({ workspace: sb.workspace, home: sb.home, eventName: 'pull_request_target', event: pullRequestEvent(sb), sha: sb.baseSha, ref: 'refs/heads/main', apiUrl: fake.url, token: fake.token, node: runtime.node });
      checkNoLeak(run, fake, sb);
      expect(run.summary).toMatch(/pull_request_target checks out the base branch, not the pull request/);
      expect(fake.sarifs[0]).toMatchObject({ ref: 'refs/heads/main', commit_sha: sb.baseSha });
    });
  });
}
