// The Helm source end to end, with the pinned helm (.tools/bin, through the vitest setup):
// fixture charts under __tests__/fixtures/helm render offline, and findings point at the
// template, helper or values line that produced them.
import { afterAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { scan, type ScanResult } from '../../src/scan.js';
import { loadConfigFile, withDefaults, type ConfigFile } from '../../src/config/config.js';
import { loadManifests } from '../../src/load/manifests.js';
import { ROOT, tempDir } from '../helpers.js';

const FIXTURES = path.join(ROOT, '__tests__/fixtures/helm');
const at = (r: ScanResult, rules = /^EKS-PSB-00[12]$/) =>
  r.findings
    .filter((f) => rules.test(f.ruleId))
    .map((f) => `${f.ruleId} ${f.location.file}:${f.location.line}:${f.location.column} ${f.resource?.kind}/${f.resource?.name} ${f.fieldPath ?? ''}`)
    .sort();
const run = (paths: string[], raw: ConfigFile = {}, root = FIXTURES) => scan({ paths: paths.map((p) => path.join(root, p)), root, config: withDefaults(raw) });
const line = (file: string, n: number) => fs.readFileSync(path.join(FIXTURES, file), 'utf8').split('\n')[n - 1];

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

describe('a chart with default values', () => {
  const r = run(['shop']);

  it('renders the chart and its aliased subchart; templates are never parsed as manifests', () => {
    expect(r.files).toEqual([{ path: 'shop', documents: 6 }]);
    expect(r.findings.filter((f) => f.ruleId.startsWith('EKS-INPUT'))).toEqual([]);
  });

  it('points each finding at the line that produces the value', () => {
    expect(at(r)).toEqual([
      // A literal in a named template the Deployment includes.
      'EKS-PSB-001 shop/templates/_helpers.tpl:18:1 Deployment/shop-shop spec.template.spec.hostIPC',
      // The second document of a two-document template.
      'EKS-PSB-002 shop/templates/debug.yaml:17:9 Pod/shop-debug spec.containers[0].securityContext.privileged',
      // A literal in the template.
      'EKS-PSB-002 shop/templates/deployment.yaml:22:13 Deployment/shop-shop spec.template.spec.containers[0].securityContext.privileged',
      // Inside a range: the template line (the value comes from a list item).
      'EKS-PSB-001 shop/templates/jobs.yaml:10:7 Job/shop-migrate spec.template.spec.hostPID',
      // `hostNetwork: {{ .Values.hostNetwork }}` -> values.yaml.
      'EKS-PSB-001 shop/values.yaml:2:1 Deployment/shop-shop spec.template.spec.hostNetwork',
      // `{{- with .Values.sidecar.securityContext }} ... toYaml .` -> the key inside values.yaml.
      'EKS-PSB-002 shop/values.yaml:10:5 Deployment/shop-shop spec.template.spec.containers[1].securityContext.privileged',
      // The subchart's value, overridden by the parent under the dependency's alias.
      'EKS-PSB-002 shop/values.yaml:19:3 StatefulSet/shop-cache spec.template.spec.containers[0].securityContext.privileged',
    ].sort());
    expect(line('shop/templates/_helpers.tpl', 18)).toBe('hostIPC: true');
    expect(line('shop/templates/deployment.yaml', 22)).toContain('privileged: true');
    expect(line('shop/values.yaml', 10)).toBe('    privileged: true');
    expect(line('shop/values.yaml', 19)).toBe('  privileged: true');
  });

  it('puts objects without a namespace in the default namespace', () => {
    expect(new Set(r.findings.map((f) => f.resource?.namespace))).toEqual(new Set(['default']));
  });
});

describe('a chart configured under helm:', () => {
  const config = loadConfigFile(path.join(FIXTURES, 'config/prod.eks-policy-gate.yaml'));
  const r = scan({ paths: [path.join(FIXTURES, 'shop')], root: FIXTURES, config });

  it('renders with its release, namespace, values files and sets', () => {
    const hostNet = r.findings.find((f) => f.fieldPath === 'spec.template.spec.hostNetwork');
    expect(hostNet?.resource).toMatchObject({ name: 'shop-prod-shop', namespace: 'shop' });
    // The last values file that sets the value.
    expect(hostNet?.location).toMatchObject({ file: 'shop/values-prod.yaml', line: 2 });
    // A `set` of the configuration overrides every values file: reported at the config line.
    const hostPid = r.findings.find((f) => f.fieldPath === 'spec.template.spec.hostPID' && f.resource?.kind === 'Deployment');
    expect(hostPid?.location).toMatchObject({ file: 'config/prod.eks-policy-gate.yaml', line: 8, column: 7 });
  });
});

describe('what renders a chart', () => {
  it('a subchart path renders through its parent, never alone', () => {
    const r = run(['shop/charts/cache']);
    expect(r.files).toEqual([{ path: 'shop', documents: 6 }]);
  });

  it('a template named on the command line renders its chart instead of being parsed', () => {
    const r = run(['shop/templates/deployment.yaml']);
    expect(r.files).toEqual([{ path: 'shop', documents: 6 }]);
    expect(r.findings.some((f) => f.ruleId === 'EKS-INPUT-002')).toBe(false);
  });

  it('a library chart is skipped: it renders through the charts that use it', () => {
    const r = run(['lib']);
    expect(r.files).toEqual([]);
    expect(r.findings).toEqual([]);
  });
});

describe('charts that do not render', () => {
  it('a template error is reported at the template line Helm names, with what to do', () => {
    const r = run(['broken']);
    expect(r.findings).toHaveLength(1);
    expect(r.findings[0]).toMatchObject({ ruleId: 'EKS-INPUT-010', blocking: true, location: { file: 'broken/templates/pod.yaml', line: 8, column: 16 } });
    expect(r.findings[0]?.message).toContain('image is required');
    expect(r.findings[0]?.message).toContain('helm:');
  });

  it('a dependency not vendored under charts/ is reported, never downloaded', () => {
    const r = run(['needs-dep']);
    expect(r.findings).toHaveLength(1);
    expect(r.findings[0]).toMatchObject({ ruleId: 'EKS-INPUT-010', location: { file: 'needs-dep/Chart.yaml', line: 5 } });
    expect(r.findings[0]?.message).toMatch(/postgresql is not vendored.*helm dependency build needs-dep/);
  });

  it('a render over the time limit is reported, not waited for', () => {
    const r = run(['shop'], { limits: { 'subprocess-seconds': 0.001 } });
    expect(r.findings.map((f) => f.ruleId)).toEqual(['EKS-INPUT-010']);
    expect(r.findings[0]?.message).toMatch(/did not finish within 0\.001 s.*limits\.subprocess-seconds/);
    expect(r.findings[0]?.location.file).toBe('shop/Chart.yaml');
  });

  it('a missing helm binary is a finding naming the chart and what to install', () => {
    const saved = { tools: process.env.EKS_POLICY_GATE_TOOLS, path: process.env.PATH };
    process.env.EKS_POLICY_GATE_TOOLS = '';
    process.env.PATH = '';
    try {
      const r = run(['shop']);
      expect(r.findings).toHaveLength(1);
      expect(r.findings[0]).toMatchObject({ ruleId: 'EKS-INPUT-011', blocking: true, location: { file: 'shop/Chart.yaml', line: 1 } });
      expect(r.findings[0]?.message).toMatch(/helm is not installed.*chart shop/);
    } finally {
      process.env.EKS_POLICY_GATE_TOOLS = saved.tools;
      process.env.PATH = saved.path;
    }
  });

  it('a chart that renders nothing is reported for information, not silently dropped', () => {
    const dir = tempDir({
      'empty/Chart.yaml': 'apiVersion: v2\nname: empty\nversion: 0.1.0\n',
      'empty/templates/cm.yaml': '{{- if .Values.enabled }}\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n{{- end }}\n',
    });
    dirs.push(dir);
    const r = run(['.'], {}, dir);
    expect(r.findings).toHaveLength(1);
    expect(r.findings[0]).toMatchObject({ ruleId: 'EKS-INPUT-010', severity: 'info', mode: 'audit', blocking: false });
    expect(r.findings[0]?.message).toContain('rendered no Kubernetes objects');
  });

  it('a chart with a link out of the repository is not rendered', () => {
    const dir = tempDir({
      'c/Chart.yaml': 'apiVersion: v2\nname: c\nversion: 0.1.0\n',
    });
    dirs.push(dir);
    fs.mkdirSync(path.join(dir, 'c/templates'));
    fs.symlinkSync('/etc/hostname', path.join(dir, 'c/templates/leak.yaml'));
    const r = run(['.'], {}, dir);
    expect(r.findings.map((f) => f.ruleId)).toEqual(['EKS-INPUT-010']);
    expect(r.findings[0]?.message).toMatch(/c\/templates\/leak\.yaml is a symbolic link that leaves the repository/);
  });

  it('configuration entries that name no chart or a missing values file are reported at their line', () => {
    const dir = tempDir({
      '.eks-policy-gate.yaml': 'helm:\n  - chart: nowhere\n  - chart: c\n    values: [c/missing.yaml]\n',
      'c/Chart.yaml': 'apiVersion: v2\nname: c\nversion: 0.1.0\n',
    });
    dirs.push(dir);
    const config = loadConfigFile(path.join(dir, '.eks-policy-gate.yaml'));
    const r = scan({ paths: [dir], root: dir, config });
    expect(r.findings.map((f) => `${f.ruleId} ${f.location.file}:${f.location.line}`)).toEqual([
      'EKS-INPUT-010 .eks-policy-gate.yaml:2',
      'EKS-INPUT-010 .eks-policy-gate.yaml:4',
    ]);
  });
});

describe('pre-rendered Helm output in the repository', () => {
  it('is loaded as Helm output, located at its own lines', () => {
    const rel = 'rendered/shop.yaml';
    const out = loadManifests([{ abs: path.join(FIXTURES, rel), rel, explicit: false }], 'default');
    expect(out.documents.map((d) => [d.source, d.kind])).toEqual([['helm', 'ConfigMap'], ['helm', 'Pod']]);
    const r = run([rel]);
    expect(at(r)).toEqual(['EKS-PSB-002 rendered/shop.yaml:20:9 Pod/shop-debug spec.containers[0].securityContext.privileged']);
  });
});
