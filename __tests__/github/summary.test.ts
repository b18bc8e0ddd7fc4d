// The job summary and the annotation choices, without a run: size limits, escaping, order.
import { describe, expect, it } from 'vitest';
import { inlineFindings, selectCommands, checkAnnotation } from '../../src/action/annotations.js';
import { renderComment, renderSummary, SUMMARY_BUDGET, type SummaryInput } from '../../src/action/summary.js';
import { sarifTarget } from '../../src/action/run.js';
import { runContext } from '../../src/github/context.js';
import type { Finding, Severity } from '../../src/model.js';

function finding(i: number, over: Partial<Finding> = {}): Finding {
  const severities: Severity[] = ['critical', 'high', 'medium', 'low', 'info'];
  const severity = severities[i % 5] ?? 'info';
  return {
    ruleId: `EKS-PSB-00${(i % 9) + 1}`,
    title: 'A rule',
    severity,
    mode: 'enforce',
    blocking: severity === 'critical' || severity === 'high',
    message: `finding ${i}: ${'a long explanation of what is wrong and how to fix it, '.repeat(3)}`,
    location: { file: `deploy/app-${i}.yaml`, line: (i % 40) + 1, column: 3, endLine: (i % 40) + 1 },
    resource: { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'shop', name: `app-${i}` },
    fingerprint: i.toString(16).padStart(32, '0'),
    baseline: i % 3 === 0 ? 'existing' : 'new',
    ...over,
  };
}

function input(findings: Finding[], over: Partial<SummaryInput> = {}): SummaryInput {
  return {
    verdict: findings.some((f) => f.blocking) ? 'fail' : 'pass',
    findings,
    suppressed: [],
    exceptions: { unused: [], expired: [] },
    gate: 'new',
    threshold: 'high',
    baseKnown: true,
    files: 10,
    documents: 20,
    link: (file, line) => `https://github.com/acme/platform/blob/abc/${file}#L${line}`,
    reporting: [],
    notes: [],
    ...over,
  };
}

describe('job summary', () => {
  it('stays under 1 MiB with 30,000 findings and says what it left out', () => {
    const findings = Array.from({ length: 30_000 }, (_, i) => finding(i));
    const coverage = `### Network policy coverage\n\n| Workload | Ingress | Egress |\n|---|---|---|\n${Array.from({ length: 20_000 }, (_, i) => `| shop/app-${i} | ✅ | ❌ |`).join('\n')}\n`;
    const md = renderSummary(input(findings, { coverage }));
    expect(Buffer.byteLength(md)).toBeLessThanOrEqual(SUMMARY_BUDGET);
    expect(Buffer.byteLength(md)).toBeLessThan(1024 * 1024);
    const blocking = findings.filter((f) => f.blocking).length;
    const shown = (md.match(/^\| 🟥 critical \| EKS|^\| 🟧 high \| EKS/gm) ?? []).length;
    expect(shown).toBeGreaterThan(100);
    expect(md).toContain(`…and ${blocking - shown} more blocking findings, left out to keep the summary under GitHub's 1 MiB limit`);
    expect(md).toContain('| **total** | **30000** |');
    expect(md).toMatch(/coverage table cut/);
  });

  it('blocking findings: new ones first, then the most severe, each linked to its line', () => {
    const md = renderSummary(input([finding(5), finding(1), finding(0), finding(2)], { gate: 'all' }));
    const rows = md.split('\n').filter((l) => /^\| (🟥|🟧) [a-z]+ \| EKS-/.test(l));
    expect(rows.map((r) => /app-(\d+)\.yaml:/.exec(r)?.[1])).toEqual(['5', '1', '0']);
    expect(rows[0]).toContain('[deploy/app-5.yaml:6](https://github.com/acme/platform/blob/abc/deploy/app-5.yaml#L6)');
    expect(rows[0]).toMatch(/^\| 🟥 critical .*\| new \|$/);
    expect(rows[1]).toMatch(/^\| 🟧 high .*\| new \|$/);
    expect(rows[2]).toMatch(/^\| 🟥 critical .*\| existing \|$/);
  });

  it('escapes what findings carry: no HTML, no broken table', () => {
    const md = renderSummary(input([finding(0, { message: 'bad | pipe <script>alert(1)</script>\nsecond line `code`' })]));
    const row = md.split('\n').find((l) => l.includes('bad'));
    expect(row).toBe(
      '| 🟥 critical | EKS-PSB-001 | [deploy/app-0.yaml:1](https://github.com/acme/platform/blob/abc/deploy/app-0.yaml#L1) | Deployment shop/app-0 | bad \\| pipe &lt;script&gt;alert(1)&lt;/script&gt; second line \'code\' | existing |',
    );
  });

  it('without a base: no new/existing columns, and the notes say why', () => {
    const md = renderSummary(input([finding(0, { baseline: undefined })], { baseKnown: false, notes: ['The push created the branch: there is no previous commit to compare with.'] }));
    expect(md).toContain('| Severity | Findings | Blocking |');
    expect(md).toContain('> [!NOTE]\n> The push created the branch');
  });

  it('the PR comment fits a comment', () => {
    const md = renderComment(input(Array.from({ length: 5000 }, (_, i) => finding(i))), 'https://github.com/acme/platform/actions/runs/1');
    expect(Buffer.byteLength(md)).toBeLessThanOrEqual(60_000);
    expect(md).toContain('[workflow run summary](https://github.com/acme/platform/actions/runs/1)');
  });
});

describe('annotations', () => {
  it('inline: new findings and findings in changed files; everything without a base or a diff', () => {
    const fs = [finding(0, { baseline: 'existing' }), finding(1, { baseline: 'new' }), finding(3, { baseline: 'existing', location: { file: 'changed.yaml', line: 1, column: 1, endLine: 1 } })];
    fs.forEach((f) => (f.blocking = false));
    expect(inlineFindings(fs, { baseKnown: true, changed: new Set(['changed.yaml']) }).map((f) => f.location.file)).toEqual(['deploy/app-1.yaml', 'changed.yaml']);
    expect(inlineFindings(fs, { baseKnown: false })).toHaveLength(3);
  });

  it('workflow commands: at most 9 of each type (one kept for the action), the most severe new first', () => {
    const fs = Array.from({ length: 100 }, (_, i) => finding(i));
    const { shown, hidden } = selectCommands(fs);
    expect(shown.filter((f) => f.blocking)).toHaveLength(9);
    expect(shown).toHaveLength(27);
    expect(hidden).toBe(73);
    expect(shown.slice(0, 9).every((f) => f.severity === 'critical' && f.baseline === 'new')).toBe(true);
  });

  it('check-run annotations: failure for blocking, columns only on one line', () => {
    expect(checkAnnotation(finding(0))).toMatchObject({ annotation_level: 'failure', start_line: 1, end_line: 1, start_column: 3, title: 'EKS-PSB-001 A rule' });
    const multi = checkAnnotation(finding(2, { location: { file: 'a.yaml', line: 3, column: 2, endLine: 5 } }));
    expect(multi).not.toHaveProperty('start_column');
    expect(multi.annotation_level).toBe('warning');
  });
});

describe('where code scanning files the results', () => {
  const env = { GITHUB_REPOSITORY: 'acme/platform' };
  const event = { pull_request: { number: 7, base: { sha: 'b'.repeat(40), ref: 'main' }, head: { sha: 'h'.repeat(40), ref: 'f', repo: { full_name: 'acme/platform' } } } };
  it('the test merge commit under its merge ref; the PR head under refs/pull/N/head; a push under its branch', () => {
    const pr = runContext({ ...env, GITHUB_EVENT_NAME: 'pull_request', GITHUB_SHA: 'm'.repeat(40), GITHUB_REF: 'refs/pull/7/merge' }, event);
    expect(sarifTarget(pr, 'm'.repeat(40))).toEqual({ ref: 'refs/pull/7/merge', sha: 'm'.repeat(40) });
    expect(sarifTarget(pr, 'h'.repeat(40))).toEqual({ ref: 'refs/pull/7/head', sha: 'h'.repeat(40) });
    const target = runContext({ ...env, GITHUB_EVENT_NAME: 'pull_request_target', GITHUB_SHA: 'b'.repeat(40), GITHUB_REF: 'refs/heads/main' }, event);
    expect(sarifTarget(target, 'h'.repeat(40))).toEqual({ ref: 'refs/pull/7/head', sha: 'h'.repeat(40) });
    const push = runContext({ ...env, GITHUB_EVENT_NAME: 'push', GITHUB_SHA: 'c'.repeat(40), GITHUB_REF: 'refs/heads/main' }, { before: 'b'.repeat(40) });
    expect(sarifTarget(push, 'c'.repeat(40))).toEqual({ ref: 'refs/heads/main', sha: 'c'.repeat(40) });
    expect(push.before).toBe('b'.repeat(40));
  });

  it('knows fork and Dependabot runs have read-only tokens', () => {
    const fork = runContext({ ...env, GITHUB_EVENT_NAME: 'pull_request' }, { pull_request: { ...event.pull_request, head: { ...event.pull_request.head, repo: { full_name: 'someone/platform' } } } });
    expect(fork.pullRequest?.fork).toBe(true);
    expect(fork.readOnlyReason).toMatch(/fork/);
    const target = runContext({ ...env, GITHUB_EVENT_NAME: 'pull_request_target' }, { pull_request: { ...event.pull_request, head: { ...event.pull_request.head, repo: { full_name: 'someone/platform' } } } });
    expect(target.readOnlyReason).toBeUndefined();
    const bot = runContext({ ...env, GITHUB_EVENT_NAME: 'pull_request', GITHUB_ACTOR: 'dependabot[bot]' }, event);
    expect(bot.readOnlyReason).toMatch(/Dependabot/);
  });
});
