// Gating on what a change introduces: the CLI's --base, the base-revision worktree, the git
// scope of a workflow run (merge commit, shallow clone, renames).
import { afterAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { changedFiles, git, isShallow, parentsOf } from '../../src/gate/git.js';
import { resolveScope } from '../../src/gate/scope.js';
import { runContext } from '../../src/github/context.js';
import { cli } from '../helpers.js';
import { pullRequestEvent, pullRequestSandbox, sh, type Sandbox } from '../github/harness.js';

const sandboxes: Sandbox[] = [];
afterAll(() => sandboxes.forEach((s) => s.cleanup()));

const deployment = (name: string, extra = '') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: shop
spec:
  template:
    metadata:
      labels: {app: ${name}}
    spec:${extra}
      containers:
        - name: app
          image: nginx
`;

function sandbox(base: Record<string, string>, files: Record<string, string | null>, opts: Parameters<typeof pullRequestSandbox>[2] = {}, renames: Array<[string, string]> = []) {
  const sb = pullRequestSandbox(base, { files, renames }, opts);
  sandboxes.push(sb);
  return sb;
}

describe('scan --base REF', () => {
  it('blocks only on findings that REF does not have', () => {
    const sb = sandbox({ 'deploy/legacy.yaml': deployment('legacy', '\n      hostPID: true') }, { 'deploy/new.yaml': deployment('new', '\n      hostNetwork: true') });
    // In the developer's clone, on the feature branch.
    sh(sb.src, ['checkout', '--quiet', 'feature']);
    const r = cli(['scan', '.', '--base', 'main', '--format', 'json'], sb.src);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    const json = JSON.parse(r.stdout);
    const psb1 = json.findings.filter((f: { ruleId: string }) => f.ruleId === 'EKS-PSB-001');
    expect(psb1.map((f: { location: { file: string }; baseline: string; blocking: boolean }) => [f.location.file, f.baseline, f.blocking])).toEqual([
      ['deploy/legacy.yaml', 'existing', false],
      ['deploy/new.yaml', 'new', true],
    ]);
    expect(json.summary.blocking).toBe(1);
    expect(json.summary.new).toBe(json.findings.filter((f: { baseline: string }) => f.baseline === 'new').length);
    // The worktree of the base is gone afterwards.
    expect(sh(sb.src, ['worktree', 'list']).split('\n')).toHaveLength(1);

    const text = cli(['scan', '.', '--base', 'main'], sb.src);
    expect(text.stdout).toMatch(/Compared with main \([0-9a-f]{12}\): \d+ new, \d+ already there; only new findings block\./);
  });

  it('passes when the change adds nothing, despite old violations', () => {
    const sb = sandbox({ 'deploy/legacy.yaml': deployment('legacy', '\n      hostPID: true') }, { 'README.md': '# platform\n\nDocs only.\n' });
    sh(sb.src, ['checkout', '--quiet', 'feature']);
    expect(cli(['scan', '.'], sb.src).code).toBe(1);
    const r = cli(['scan', '.', '--base', 'main', '--format', 'json'], sb.src);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).summary).toMatchObject({ blocking: 0, new: 0 });
  });

  it('exits 2 with what to do when REF is not a commit', () => {
    const sb = sandbox({ 'a.yaml': deployment('a') }, {});
    const r = cli(['scan', '.', '--base', 'origin/nope'], sb.src);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--base origin\/nope: not a commit in this repository\. Fetch it first/);
  });
});

describe('the scope of a pull-request run', () => {
  it('a depth-1 checkout of the test merge commit: fetches the base, diffs with renames', () => {
    const sb = sandbox(
      { 'deploy/a.yaml': deployment('a'), 'deploy/old-name.yaml': deployment('b'), 'deploy/gone.yaml': deployment('c') },
      { 'deploy/a.yaml': deployment('a', '\n      hostPID: true'), 'deploy/gone.yaml': null, 'deploy/added.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings, namespace: shop}\ndata: {mode: fast}\n' },
      {},
      [['deploy/old-name.yaml', 'deploy/new-name.yaml']],
    );
    const g = git(sb.workspace);
    expect(isShallow(g)).toBe(true);
    expect(parentsOf(g, sb.mergeSha)).toEqual([sb.baseSha, sb.headSha]);
    const ctx = runContext({ GITHUB_EVENT_NAME: 'pull_request', GITHUB_SHA: sb.mergeSha, GITHUB_REF: 'refs/pull/1/merge', GITHUB_REPOSITORY: 'acme/platform' }, pullRequestEvent(sb));
    const scope = resolveScope(g, ctx);
    expect(scope.base).toBe(sb.baseSha);
    expect(scope.head).toBe(sb.mergeSha);
    expect(scope.changed).toEqual(
      expect.arrayContaining([
        { path: 'deploy/a.yaml', status: 'modified' },
        { path: 'deploy/gone.yaml', status: 'removed' },
        { path: 'deploy/added.yaml', status: 'added' },
        { path: 'deploy/new-name.yaml', status: 'renamed', previous: 'deploy/old-name.yaml' },
      ]),
    );
    expect(scope.changed).toHaveLength(4);
  });

  it('the PR head checked out (pull_request_target): the merge base, deepening the shallow clone', () => {
    const sb = sandbox({ 'a.yaml': deployment('a') }, { 'b.yaml': deployment('b') }, { checkout: 'head' });
    // The base moves on after the branch point.
    sh(sb.src, ['checkout', '--quiet', 'main']);
    fs.writeFileSync(path.join(sb.src, 'c.yaml'), deployment('c'));
    sh(sb.src, ['add', '-A']);
    sh(sb.src, ['commit', '--quiet', '-m', 'later on main']);
    sh(sb.src, ['push', '--quiet', sb.origin, 'main']);
    const tip = sh(sb.src, ['rev-parse', 'HEAD']);
    const g = git(sb.workspace);
    const ctx = runContext(
      { GITHUB_EVENT_NAME: 'pull_request_target', GITHUB_SHA: tip, GITHUB_REF: 'refs/heads/main', GITHUB_REPOSITORY: 'acme/platform' },
      pullRequestEvent({ ...sb, baseSha: tip }),
    );
    const scope = resolveScope(g, ctx);
    expect(scope.base).toBe(sb.baseSha);
    expect(scope.changed).toEqual([{ path: 'b.yaml', status: 'added' }]);
    expect(changedFiles(g, sb.baseSha, sb.headSha)).toEqual([{ path: 'b.yaml', status: 'added' }]);
  });

  it('push: the commit before; a new branch: none, and says so', () => {
    const sb = sandbox({ 'a.yaml': deployment('a') }, { 'b.yaml': deployment('b') }, { checkout: 'head' });
    const g = git(sb.workspace);
    const push = runContext({ GITHUB_EVENT_NAME: 'push', GITHUB_SHA: sb.headSha, GITHUB_REF: 'refs/heads/feature', GITHUB_REPOSITORY: 'acme/platform' }, { before: sb.baseSha, after: sb.headSha });
    expect(resolveScope(g, push)).toMatchObject({ base: sb.baseSha, changed: [{ path: 'b.yaml', status: 'added' }] });
    const created = runContext({ GITHUB_EVENT_NAME: 'push', GITHUB_SHA: sb.headSha, GITHUB_REF: 'refs/heads/feature', GITHUB_REPOSITORY: 'acme/platform' }, { before: '0'.repeat(40), created: true });
    const scope = resolveScope(g, created);
    expect(scope.base).toBeUndefined();
    expect(scope.notes.join(' ')).toMatch(/created the branch/);
  });

  it('merge_group: the queue base; workflow_dispatch: the merge base with the default branch', () => {
    const sb = sandbox({ 'a.yaml': deployment('a') }, { 'b.yaml': deployment('b') });
    const g = git(sb.workspace);
    const mg = runContext({ GITHUB_EVENT_NAME: 'merge_group', GITHUB_SHA: sb.mergeSha, GITHUB_REF: 'refs/heads/gh-readonly-queue/main/pr-1-abc', GITHUB_REPOSITORY: 'acme/platform' }, { merge_group: { base_sha: sb.baseSha, head_sha: sb.mergeSha } });
    expect(resolveScope(g, mg)).toMatchObject({ base: sb.baseSha, changed: [{ path: 'b.yaml', status: 'added' }] });
    const wd = runContext({ GITHUB_EVENT_NAME: 'workflow_dispatch', GITHUB_SHA: sb.mergeSha, GITHUB_REF: 'refs/heads/feature', GITHUB_REPOSITORY: 'acme/platform' }, { repository: { default_branch: 'main' } });
    expect(resolveScope(g, wd)).toMatchObject({ base: sb.baseSha, changed: [{ path: 'b.yaml', status: 'added' }] });
    const onMain = runContext({ GITHUB_EVENT_NAME: 'workflow_dispatch', GITHUB_SHA: sb.mergeSha, GITHUB_REF: 'refs/heads/main', GITHUB_REPOSITORY: 'acme/platform' }, { repository: { default_branch: 'main' } });
    expect(resolveScope(g, onMain).base).toBeUndefined();
  });
});
