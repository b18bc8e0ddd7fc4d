// A base revision's scan evaluates only the rule packages that can report the rules of the pull
// request's findings (scan's `rules`, the catalog's `emits`). That is sound only if every
// package reports no rule but those its Rego names, and if the selection gives exactly the
// findings of those rules that a whole evaluation gives: both are checked here on the shared
// corpus (Kubernetes manifests and Terraform plans), and on a pull request whose change makes
// findings new in files it did not touch.
import { afterAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import { policy, scan } from '../../src/scan.js';
import { RuleIndex } from '../../src/evaluate/catalog.js';
import { withDefaults } from '../../src/config/config.js';
import { markBaseline, rulesOf, scanBase } from '../../src/gate/baseline.js';
import { git, resolveCommit } from '../../src/gate/git.js';
import path from 'node:path';
import { cli, ROOT } from '../helpers.js';
import { pullRequestSandbox, sh, type Sandbox } from '../github/harness.js';
import { corpusInput } from './corpus.js';
import type { RawFinding } from '../../src/model.js';

const sandboxes: Sandbox[] = [];
afterAll(() => sandboxes.forEach((s) => s.cleanup()));

const key = (f: RawFinding) => JSON.stringify(f);

describe('evaluating only some rule packages', () => {
  const { engine, rules } = policy();
  const emits = rules.catalog.emits ?? {};

  it('the catalog names the rules of every rule package, and each of the 158 rules has a package', () => {
    expect(Object.keys(emits).sort()).toEqual([...engine.ruleEntrypoints].sort());
    const named = new Set(Object.values(emits).flat());
    const evaluated = rules.rules.filter((r) => r.input !== 'input' && !r.id.startsWith('EKS-GATE-')).map((r) => r.id);
    expect(evaluated.length).toBeGreaterThan(140);
    for (const id of evaluated) expect(named, id).toContain(id);
  });

  it('gives every package\'s findings, and only rules it names: two halves are the whole evaluation', () => {
    const { input } = corpusInput();
    const whole = engine.evaluateWithCoverage(input);
    expect(whole.findings.length).toBeGreaterThan(5000);
    const names = [...engine.ruleEntrypoints];
    const first = new Set(names.filter((_, i) => i % 2 === 0));
    const second = new Set(names.filter((_, i) => i % 2 === 1));
    const a = engine.evaluateWithCoverage(input, first);
    const b = engine.evaluateWithCoverage(input, second);
    expect(a.coverage).toBeUndefined();
    for (const [half, got] of [[first, a], [second, b]] as const) {
      const allowed = new Set([...half].flatMap((e) => emits[e] ?? []));
      for (const f of got.findings) expect(allowed, f.rule).toContain(f.rule);
    }
    // The same findings, each once: the packages' order interleaves the halves.
    expect([...a.findings, ...b.findings].map(key).sort()).toEqual(whole.findings.map(key).sort());
    const rulesOfA = new Set(a.findings.map((f) => f.rule));
    expect(rulesOfA.size).toBeGreaterThan(10);
    // By rule ID, as the base scan asks: the packages that can report them, in the whole's order.
    const selected = rules.entrypointsFor(rulesOfA, names);
    const byRules = engine.evaluateWithCoverage(input, selected);
    expect(byRules.findings.map(key)).toEqual(whole.findings.filter((f) => rulesOfA.has(f.rule)).map(key));
  }, 120_000);

  it('loads nothing when no package is selected', () => {
    const { input } = corpusInput();
    expect(engine.evaluateWithCoverage(input, new Set())).toEqual({ findings: [], coverage: undefined, threads: 0 });
  });

  it('keeps a package the catalog says nothing of', () => {
    const index = new RuleIndex({ version: '0', rules: [], emits: { 'eks/entry/rule_a': ['EKS-A-001'], 'eks/entry/rule_b': ['EKS-B-001', 'EKS-B-002'] } });
    const all = ['eks/entry/rule_a', 'eks/entry/rule_b', 'eks/entry/rule_c'];
    expect([...index.entrypointsFor(new Set(['EKS-B-002']), all)]).toEqual(['eks/entry/rule_b', 'eks/entry/rule_c']);
    expect([...new RuleIndex({ version: '0', rules: [] }).entrypointsFor(new Set(), all)]).toEqual(all);
  });
});

describe('a base scan of only the pull request\'s rules', () => {
  it('marks the same findings new as a whole base scan: a NetworkPolicy deleted uncovers workloads in files the change did not touch', () => {
    // The base: a namespace of six workloads (the corpus's Bookinfo and more) and a default-deny
    // NetworkPolicy there; a policy in another namespace stays, so the scan still has policies.
    const deployment = (name: string) => `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\n  namespace: shop\nspec:\n  template:\n    metadata:\n      labels: {app: ${name}}\n    spec:\n      containers:\n        - name: app\n          image: nginx:1.27\n`;
    const policy = (ns: string) => `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: default-deny\n  namespace: ${ns}\nspec:\n  podSelector: {}\n  policyTypes: [Ingress, Egress]\n`;
    const base: Record<string, string> = {
      'deploy/namespace.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: other\n',
      'deploy/zz-netpol.yaml': policy('shop'),
      'other/netpol.yaml': policy('other'),
    };
    for (const name of ['cart', 'checkout', 'payments', 'search', 'shipping', 'web']) base[`deploy/${name}.yaml`] = deployment(name);
    const sb = pullRequestSandbox(base, { files: { 'deploy/zz-netpol.yaml': null } });
    sandboxes.push(sb);
    sh(sb.src, ['checkout', '--quiet', 'feature']);

    const r = cli(['scan', '.', '--base', 'main', '--format', 'json'], sb.src);
    expect(r.stderr).toBe('');
    const report = JSON.parse(r.stdout) as { findings: Array<{ ruleId: string; baseline: string; location: { file: string } }> };
    const fresh = report.findings.filter((f) => f.baseline === 'new');
    // New: the workloads the deleted policies covered, in files the change did not touch.
    expect(fresh.length).toBeGreaterThanOrEqual(6);
    expect(fresh.every((f) => f.location.file !== 'deploy/zz-netpol.yaml')).toBe(true);
    expect(fresh.filter((f) => f.ruleId === 'EKS-NET-004').map((f) => f.location.file).sort()).toEqual(['cart', 'checkout', 'payments', 'search', 'shipping', 'web'].map((n) => `deploy/${n}.yaml`));
    expect(report.findings.some((f) => f.baseline === 'existing')).toBe(true);

    // The same marks as a base scan of every rule, by the same code otherwise.
    const root = fs.realpathSync(sb.src);
    const config = withDefaults({});
    const head = scan({ paths: [root], root, config });
    const g = git(root);
    const commit = resolveCommit(g, 'main') as string;
    const marks = (rules?: ReadonlySet<string>) => {
      const findings = head.findings.map((f) => ({ ...f }));
      const found = scanBase(g, { root, commit, paths: [root], config, ...(rules ? { rules } : {}) });
      markBaseline(findings, found?.findings);
      return { marks: findings.map((f) => `${f.fingerprint} ${f.baseline}`), base: found?.findings.length ?? 0 };
    };
    const selected = marks(rulesOf(head.findings));
    const whole = marks();
    expect(selected.marks).toEqual(whole.marks);
    expect(selected.marks.filter((m) => m.endsWith(' new'))).toHaveLength(fresh.length);
    // The whole base scan found more (rules the head does not report), which change nothing.
    expect(whole.base).toBeGreaterThanOrEqual(selected.base);
  }, 180_000);
});

describe('a pull request with no finding', () => {
  it('is not compared with a scan of its base: nothing can be new, and the checkout is left to its holder', () => {
    const secure = path.join(ROOT, 'examples/secure-app');
    const base: Record<string, string> = Object.fromEntries(fs.readdirSync(secure).map((f) => [`deploy/${f}`, fs.readFileSync(path.join(secure, f), 'utf8')]));
    const sb = pullRequestSandbox(base, { files: { 'deploy/README.md': '# the app\n' } });
    sandboxes.push(sb);
    sh(sb.src, ['checkout', '--quiet', 'feature']);
    const r = cli(['scan', '.', '--base', 'main'], sb.src);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Compared with main \([0-9a-f]{12}\): 0 new, 0 already there/);
    expect(sh(sb.src, ['worktree', 'list']).split('\n')).toHaveLength(1);
    // The base is not scanned, nor its checkout waited for: a checkout that would throw is not touched.
    const root = fs.realpathSync(sb.src);
    const untouched = { wait: () => { throw new Error('waited for'); }, discard: () => { throw new Error('discarded'); } };
    expect(scanBase(git(root), { root, commit: 'main', paths: [root], config: withDefaults({}), rules: new Set(), worktree: untouched })).toBeUndefined();
  }, 120_000);
});
