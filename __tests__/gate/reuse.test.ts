// The base revision's scan taking what the head's scan kept (ScanMemo): the parses of files
// with the same path and bytes, and the evaluation when every document is the same. Whatever
// it takes, its result must be the one a scan of its own gives.
import { afterAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { scan, ScanMemo, type ScanResult } from '../../src/scan.js';
import { withDefaults } from '../../src/config/config.js';
import { renderJson } from '../../src/report/json.js';
import { ROOT, tempDir } from '../helpers.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

const config = withDefaults({});

/** A repository of examples/ with a committed `helm template` output and a suppression comment. */
function repository(): string {
  const dir = tempDir({
    'rendered/all.yaml': '---\n# Source: web/templates/deploy.yaml\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  namespace: shop\nspec:\n  template:\n    spec:\n      hostIPC: true\n      containers:\n        - name: web\n          image: nginx:1.27\n',
    'quiet/pod.yaml': 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: quiet\n  namespace: shop\nspec:\n  hostPID: true # eks-policy-gate:ignore EKS-PSB-001 reason="a test of suppressions"\n  containers:\n    - name: app\n      image: nginx:1.27\n',
  });
  fs.cpSync(path.join(ROOT, 'examples'), path.join(dir, 'examples'), { recursive: true });
  dirs.push(dir);
  return dir;
}

function copy(dir: string): string {
  const to = tempDir();
  fs.cpSync(dir, to, { recursive: true });
  dirs.push(to);
  return to;
}

const run = (dir: string, memo?: { keep?: ScanMemo; reuse?: ScanMemo }) => scan({ paths: [dir], root: dir, config, today: '2026-11-28', ...memo });
/** The JSON report, and what it leaves out but SARIF and the gate use: the suppressed findings, the exceptions, the files. */
const report = (r: ScanResult) => renderJson(r) + JSON.stringify([r.suppressed, r.exceptions, r.files, r.documents, r.threads]);

/** Freezes a value and everything in it: a write to it then throws (modules are strict). */
function deepFreeze(v: unknown, seen = new Set<unknown>()): void {
  if (v === null || typeof v !== 'object' || seen.has(v)) return;
  seen.add(v);
  for (const member of Object.values(v)) deepFreeze(member, seen);
  Object.freeze(v);
}

/** Freezes what the head scan kept, so that the base scan cannot change it unseen. */
function freezeKept(memo: ScanMemo): void {
  const kept = memo.evaluation;
  expect(kept).toBeDefined();
  for (const d of kept?.documents ?? []) deepFreeze(d.object);
  deepFreeze(kept?.result.findings);
  deepFreeze(kept?.result.coverage);
}

describe('a base scan that takes what the head scan kept', () => {
  it('takes every parse and the evaluation when nothing changed, and reports what a scan of its own does', () => {
    const head = repository();
    const base = copy(head);
    const memo = new ScanMemo();
    const first = run(head, { keep: memo });
    expect(first.findings.length).toBeGreaterThan(50);
    expect(first.suppressed.length).toBeGreaterThan(0);
    freezeKept(memo);
    const taken = run(base, { reuse: memo });
    expect(memo.parses.size).toBeGreaterThan(8);
    expect(memo.parses.taken).toBe(memo.parses.size);
    expect(memo.evaluationTaken).toBe(true);
    expect(memo.describeTaken()).toBe(`${memo.parses.size} of ${memo.parses.size} files' parses and the evaluation`);
    expect(report(taken)).toBe(report(run(base)));
    expect(taken.timings.evaluate).toBeLessThan(first.timings.evaluate);
  });

  it('parses the files that changed and evaluates again when a document changed', () => {
    const head = repository();
    const base = copy(head);
    const changed = path.join(base, 'rendered/all.yaml');
    fs.writeFileSync(changed, fs.readFileSync(changed, 'utf8').replace('hostIPC: true', 'hostNetwork: true'));
    const memo = new ScanMemo();
    run(head, { keep: memo });
    freezeKept(memo);
    const taken = run(base, { reuse: memo });
    expect(memo.parses.taken).toBe(memo.parses.size - 1);
    expect(memo.evaluationTaken).toBe(false);
    expect(report(taken)).toBe(report(run(base)));
    expect(taken.findings.some((f) => f.ruleId === 'EKS-PSB-001' && f.message.includes('hostNetwork'))).toBe(true);
  });

  it('takes no parse of a file that moved, nor of one read with other options, and no evaluation with another configuration', () => {
    const head = repository();
    const base = copy(head);
    fs.renameSync(path.join(base, 'quiet'), path.join(base, 'moved'));
    const memo = new ScanMemo();
    run(head, { keep: memo });
    const taken = run(base, { reuse: memo });
    expect(memo.parses.taken).toBe(memo.parses.size - 1);
    expect(memo.evaluationTaken).toBe(false);
    expect(report(taken)).toBe(report(run(base)));

    const other = new ScanMemo();
    run(head, { keep: other });
    const elsewhere = withDefaults({ namespaces: { default: 'elsewhere' } });
    const r = scan({ paths: [head], root: head, config: elsewhere, today: '2026-11-28', reuse: other });
    expect(other.parses.taken).toBe(0);
    expect(other.evaluationTaken).toBe(false);
    expect(report(r)).toBe(report(scan({ paths: [head], root: head, config: elsewhere, today: '2026-11-28' })));
  });

  it('lets go of what it kept once a scan took what it could', () => {
    const head = repository();
    const memo = new ScanMemo();
    const first = run(head, { keep: memo });
    expect(memo.evaluation?.documents).toHaveLength(first.documents);
    const parses = memo.parses.size;
    memo.release(false);
    expect(memo.evaluationTaken).toBe(false);
    expect(memo.evaluation).toBeUndefined();
    expect(memo.parses.size).toBe(parses);
    expect(memo.parses.take('examples/insecure-app/deployment.yaml', 'x', 'default', config.limits)).toBeUndefined();
    const again = new ScanMemo();
    run(head, { keep: again });
    again.release(true);
    expect(again.evaluation).toBeUndefined();
    expect(again.evaluationTaken).toBe(true);
  });
});
