// Compliance frameworks: selection (configuration and --framework), the per-framework report in
// text, JSON and Markdown, and the Kubernetes compliance rules EKS-CMP-002/003/005 end to end.
import { afterAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { Ajv } from 'ajv';
import { withDefaults } from '../../src/config/config.js';
import { controlsOf, FRAMEWORKS } from '../../src/compliance/frameworks.js';
import { renderComplianceMarkdown } from '../../src/compliance/render.js';
import { scan } from '../../src/scan.js';
import { cli, ROOT, tempDir } from '../helpers.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

function dir(files: Record<string, string>): string {
  const d = tempDir(files);
  dirs.push(d);
  return d;
}

interface Json {
  findings: Array<{ ruleId: string; mode: string }>;
  compliance?: { frameworks: Array<{ key: string; passed: number; failed: number; notAssessed: number; controls: Array<{ id: string; status: string; rules: string[]; findings: number }> }> };
}

const PRIVILEGED = `apiVersion: v1
kind: Pod
metadata: {name: p, namespace: shop}
spec:
  hostNetwork: true
  containers:
    - name: app
      image: app:1
      securityContext: {privileged: true}
`;
const CRONJOB_V1BETA1 = 'apiVersion: batch/v1beta1\nkind: CronJob\nmetadata: {name: c, namespace: shop}\nspec: {schedule: "@daily", jobTemplate: {spec: {template: {spec: {containers: []}}}}}\n';

describe('framework keys', () => {
  it('are the five documented ones', () => {
    expect(FRAMEWORKS).toEqual(['cis-eks', 'eks-bp', 'pss-baseline', 'pss-restricted', 'nsa-cisa']);
  });

  it('PSS restricted includes the baseline checks, baseline excludes restricted ones; the control is the PSA check', () => {
    const baseline = { id: 'EKS-PSB-002', compliance: { pss: ['baseline'] }, pssCheck: 'privileged' };
    const restricted = { id: 'EKS-PSR-001', compliance: { pss: ['restricted'] }, pssCheck: 'runAsNonRoot' };
    expect(controlsOf(baseline, 'pss-baseline')).toEqual(['privileged']);
    expect(controlsOf(baseline, 'pss-restricted')).toEqual(['privileged']);
    expect(controlsOf(restricted, 'pss-baseline')).toEqual([]);
    expect(controlsOf(restricted, 'pss-restricted')).toEqual(['runAsNonRoot']);
    expect(controlsOf({ id: 'X', compliance: { 'cis-eks': ['4.2.1', '4.2.1'] } }, 'cis-eks')).toEqual(['4.2.1']);
  });

  it('an unknown key in the configuration exits 2 naming the file, line and the allowed keys', () => {
    const d = dir({ '.eks-policy-gate.yaml': 'version: 1\nframeworks: [cis-eks, cis]\n', 'p.yaml': PRIVILEGED });
    const r = cli(['scan', '.'], d);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/\.eks-policy-gate\.yaml:2:\d+: frameworks\.1 must be one of cis-eks, eks-bp, pss-baseline, pss-restricted, nsa-cisa/);
  });
});

describe('selecting frameworks', () => {
  it('runs only the selected frameworks\' rules (plus input rules and rules named in the configuration)', () => {
    const d = dir({ 'a.yaml': PRIVILEGED, 'b.yaml': CRONJOB_V1BETA1, 'broken.yaml': 'a: [\n' });
    const all = JSON.parse(cli(['scan', '.', '--format', 'json'], d).stdout) as Json;
    expect(all.findings.map((f) => f.ruleId)).toEqual(expect.arrayContaining(['EKS-PSB-001', 'EKS-PSB-002', 'EKS-CMP-002', 'EKS-INPUT-001']));
    expect(all.compliance).toBeUndefined();

    const pss = JSON.parse(cli(['scan', '.', '--format', 'json', '--framework', 'pss-baseline'], d).stdout) as Json;
    const ids = new Set(pss.findings.map((f) => f.ruleId));
    expect(ids.has('EKS-PSB-002')).toBe(true);
    expect(ids.has('EKS-INPUT-001')).toBe(true);
    expect(ids.has('EKS-CMP-002')).toBe(false);
    const rules = JSON.parse(cli(['rules', '--format', 'json', '--framework', 'pss-baseline']).stdout) as { rules: Array<{ id: string; input: string }> };
    for (const id of ids) expect(rules.rules.some((r) => r.id === id) || id.startsWith('EKS-INPUT-') || id.startsWith('EKS-GATE-'), id).toBe(true);

    // Named in the configuration by exact ID: runs anyway.
    fs.writeFileSync(path.join(d, '.eks-policy-gate.yaml'), 'version: 1\nframeworks: [pss-baseline]\nrules:\n  EKS-CMP-002: { mode: enforce }\n');
    const named = JSON.parse(cli(['scan', '.', '--format', 'json'], d).stdout) as Json;
    expect(named.findings.map((f) => f.ruleId)).toContain('EKS-CMP-002');
    expect(named.compliance?.frameworks.map((f) => f.key)).toEqual(['pss-baseline']);
  });

  it('the report marks controls failed, passed or not assessed, and validates against the output schema', () => {
    const d = dir({ 'a.yaml': PRIVILEGED });
    const r = cli(['scan', '.', '--format', 'json', '--framework', 'pss-baseline,cis-eks'], d);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout) as Json;
    const schema = JSON.parse(fs.readFileSync(path.join(ROOT, 'docs/output.schema.json'), 'utf8'));
    const validate = new Ajv({ allErrors: true }).compile(schema);
    expect(validate(out), JSON.stringify(validate.errors)).toBe(true);

    const [pss, cis] = out.compliance!.frameworks;
    expect(pss!.key).toBe('pss-baseline');
    expect(pss!.controls.find((c) => c.id === 'privileged')).toMatchObject({ status: 'failed', rules: ['EKS-PSB-002'], findings: 1 });
    expect(pss!.controls.find((c) => c.id === 'hostNamespaces')).toMatchObject({ status: 'failed', rules: ['EKS-PSB-001'] });
    expect(pss!.passed).toBeGreaterThan(0);
    expect(pss!.failed).toBe(2);
    expect(pss!.passed + pss!.failed + pss!.notAssessed).toBe(pss!.controls.length);
    // CIS 4.2.1 (privileged) fails; Terraform-only controls cannot be assessed without a plan.
    expect(cis!.key).toBe('cis-eks');
    expect(cis!.controls.find((c) => c.id === '4.2.1')?.status).toBe('failed');
    const tfOnly = cis!.controls.filter((c) => c.status === 'not-assessed');
    expect(tfOnly.length).toBeGreaterThan(0);
    // Controls are in benchmark order (4.2.10 after 4.2.9).
    const ids = cis!.controls.map((c) => c.id);
    expect(ids).toEqual([...ids].sort((a, b) => a.localeCompare(b, 'en', { numeric: true })));
  });

  it('a rule turned off makes its control not assessed', () => {
    const d = dir({ '.eks-policy-gate.yaml': 'version: 1\nframeworks: [pss-baseline]\nrules:\n  EKS-PSB-002: { mode: "off" }\n', 'a.yaml': PRIVILEGED });
    const out = JSON.parse(cli(['scan', '.', '--format', 'json'], d).stdout) as Json;
    expect(out.compliance!.frameworks[0]!.controls.find((c) => c.id === 'privileged')?.status).toBe('not-assessed');
  });

  it('the text output ends with the compliance section', () => {
    const d = dir({ 'a.yaml': PRIVILEGED });
    const r = cli(['scan', '.', '--framework', 'pss-baseline'], d);
    expect(r.stdout).toMatch(/Compliance: Pod Security Standards: Baseline {2}\d+ passed, 2 failed, 0 not assessed/);
    expect(r.stdout).toMatch(/ {2}FAIL privileged +No privileged containers \[EKS-PSB-002\] \(1 finding, 1 blocking\)/);
    expect(r.stdout).toMatch(/ {2}pass +\S+/);
    expect(r.stdout.indexOf('Compliance:')).toBeLessThan(r.stdout.indexOf('the gate fails'));
  });

  it('renders Markdown for the job summary: a table per framework, failures open', () => {
    const result = scan({ paths: [path.join(ROOT, 'examples/insecure-app')], root: ROOT, config: withDefaults({ frameworks: ['pss-restricted', 'nsa-cisa'] }) });
    const md = renderComplianceMarkdown(result.compliance!, { ruleUrl: (id) => `https://example.test/${id}.md` });
    expect(md).toMatch(/^## Compliance\n\n\| Framework \| Passed \| Failed \| Not assessed \|/);
    expect(md).toContain('| [Pod Security Standards: Restricted](https://kubernetes.io/docs/concepts/security/pod-security-standards/) |');
    expect(md).toMatch(/<details open><summary><b>Pod Security Standards: Restricted<\/b>: \d+ passed, \d+ failed, \d+ not assessed<\/summary>/);
    expect(md).toMatch(/\| privileged No privileged containers \| ❌ failed \| \[EKS-PSB-002\]\(https:\/\/example\.test\/EKS-PSB-002\.md\) \| \d+/);
    expect(md).toContain('Kubernetes Pod security');
    expect(Buffer.byteLength(md)).toBeLessThan(1024 * 1024);
  });
});

describe('the Kubernetes compliance rules', () => {
  it('EKS-CMP-002 follows cluster.version', () => {
    const d = dir({ 'c.yaml': CRONJOB_V1BETA1 });
    const find = () => (JSON.parse(cli(['scan', '.', '--format', 'json'], d).stdout) as Json).findings.filter((f) => f.ruleId === 'EKS-CMP-002');
    expect(find()).toHaveLength(1);
    fs.writeFileSync(path.join(d, '.eks-policy-gate.yaml'), 'version: 1\ncluster: { version: "1.24" }\n');
    expect(find()).toHaveLength(0);
  });

  it('EKS-CMP-005 checks the configured namespace labels, and EKS-CMP-003 warns without an admission engine', () => {
    const d = dir({
      '.eks-policy-gate.yaml': 'version: 1\ncompliance:\n  required-labels: [data-classification]\n',
      'ns.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n  labels: {team: a}\n',
    });
    const r = JSON.parse(cli(['scan', '.', '--format', 'json'], d).stdout) as { findings: Array<{ ruleId: string; mode: string; message: string; location: { line: number } }> };
    expect(r.findings.find((f) => f.ruleId === 'EKS-CMP-005')).toMatchObject({ message: 'Namespace shop lacks the required compliance label(s) data-classification', location: { line: 5 } });
    expect(r.findings.find((f) => f.ruleId === 'EKS-CMP-003')).toMatchObject({ mode: 'warn', location: { line: 3 } });
  });
});
