// The Kustomize source end to end with the pinned kustomize (.tools/bin, through the vitest
// setup): a base and two overlays under __tests__/fixtures/kustomize/app.
import { afterAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { scan, type ScanResult } from '../../src/scan.js';
import { withDefaults, type ConfigFile } from '../../src/config/config.js';
import { loadKustomizations } from '../../src/load/kustomize/index.js';
import { KustomizationGraph } from '../../src/load/kustomize/graph.js';
import { findSourceObject, translatePath } from '../../src/load/kustomize/locate.js';
import { loadManifest } from '../../src/load/index.js';
import { ROOT, tempDir } from '../helpers.js';

const FIXTURES = path.join(ROOT, '__tests__/fixtures/kustomize');
const at = (r: ScanResult) =>
  r.findings
    .filter((f) => /^EKS-PSB-00[12]$/.test(f.ruleId))
    .map((f) => `${f.ruleId} ${f.location.file}:${f.location.line}:${f.location.column} ${f.resource?.namespace}/${f.resource?.name} ${f.fieldPath ?? ''}`)
    .sort();
const run = (paths: string[], raw: ConfigFile = {}, root = FIXTURES) => scan({ paths: paths.map((p) => path.join(root, p)), root, config: withDefaults(raw) });
const line = (file: string, n: number) => fs.readFileSync(path.join(FIXTURES, file), 'utf8').split('\n')[n - 1];

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

describe('a base and two overlays', () => {
  const r = run(['app']);

  it('builds the overlays; the base and its files are checked only through them', () => {
    expect(r.files).toEqual([
      { path: 'app/base/notes.yaml', documents: 1 }, // not read by any kustomization: a plain manifest
      { path: 'app/overlays/dev', documents: 3 },
      { path: 'app/overlays/prod', documents: 4 },
    ]);
    expect(r.findings.filter((f) => f.ruleId.startsWith('EKS-INPUT'))).toEqual([]);
    // Kustomization files are read by the build, never evaluated as objects themselves.
    expect(r.findings.some((f) => f.resource?.kind === 'Kustomization')).toBe(false);
  });

  it('points at the file that defines each field: the base, or the overlay patch that sets it', () => {
    expect(at(r)).toEqual([
      // The base's literal, reported once per overlay that deploys it.
      'EKS-PSB-002 app/base/deployment.yaml:20:13 shop-prod/prod-web spec.template.spec.containers[0].securityContext.privileged',
      'EKS-PSB-002 app/base/deployment.yaml:20:13 shop-dev/web spec.template.spec.containers[0].securityContext.privileged',
      // A plain manifest beside the base.
      'EKS-PSB-001 app/base/notes.yaml:8:3 tools/scratch spec.hostPID',
      // A JSON 6902 patch (with a target) that adds the field.
      'EKS-PSB-002 app/overlays/prod/agent-privileged.yaml:4:5 shop-prod/prod-web spec.template.spec.containers[1].securityContext.privileged',
      // A resource of the overlay itself.
      'EKS-PSB-001 app/overlays/prod/debug-pod.yaml:6:3 shop-prod/prod-debug spec.hostIPC',
      // A strategic-merge patch.
      'EKS-PSB-001 app/overlays/prod/host-network.yaml:8:7 shop-prod/prod-web spec.template.spec.hostNetwork',
    ].sort());
    expect(line('app/base/deployment.yaml', 20)).toContain('privileged: true');
    expect(line('app/overlays/prod/agent-privileged.yaml', 4)).toContain('privileged: true');
    expect(line('app/overlays/prod/host-network.yaml', 8)).toContain('hostNetwork: true');
  });

  it('keeps absent fields on the resource file, not on a patch that only shares an ancestor', () => {
    const prod = r.findings.filter((f) => f.resource?.name === 'prod-web' && f.fieldPath === 'spec.template.spec.securityContext.runAsNonRoot');
    for (const f of prod) expect(f.location.file).toBe('app/base/deployment.yaml');
  });

  it('removes the origin annotation it adds before the policies see the objects', () => {
    const out = loadKustomizations([{ abs: path.join(FIXTURES, 'app/overlays/prod'), rel: 'app/overlays/prod', explicit: false }], {
      root: FIXTURES, config: withDefaults({}), scanned: [FIXTURES],
    });
    expect(out.documents).toHaveLength(4);
    expect(JSON.stringify(out.documents.map((d) => d.object))).not.toContain('config.kubernetes.io/origin');
    // A generated ConfigMap is reported at its generator in the base.
    const cm = out.documents.find((d) => d.kind === 'ConfigMap');
    expect(cm?.locate(['data', 'LOG_LEVEL'])).toMatchObject({ file: 'app/base/kustomization.yaml', line: 7 });
  });
});

describe('which kustomizations build', () => {
  it('a base no overlay in the scan includes is built on its own', () => {
    const r = run(['app/base']);
    expect(r.files).toEqual([{ path: 'app/base/notes.yaml', documents: 1 }, { path: 'app/base', documents: 3 }]);
    expect(at(r)).toContain('EKS-PSB-002 app/base/deployment.yaml:20:13 default/web spec.template.spec.containers[0].securityContext.privileged');
  });

  it('roots are those no other kustomization includes; components are never roots', () => {
    const g = new KustomizationGraph();
    const dirs = ['app/base', 'app/overlays/dev', 'app/overlays/prod', 'standalone'].map((d) => path.join(FIXTURES, d));
    expect(g.roots(dirs).map((d) => path.relative(FIXTURES, d))).toEqual(['app/overlays/dev', 'app/overlays/prod', 'standalone']);
    const owned = [...g.owned(path.join(FIXTURES, 'app/overlays/prod'))].map((f) => path.relative(FIXTURES, f)).sort();
    expect(owned).toEqual([
      'app/base/deployment.yaml', 'app/base/kustomization.yaml', 'app/base/service.yaml',
      'app/overlays/prod/agent-privileged.yaml', 'app/overlays/prod/debug-pod.yaml', 'app/overlays/prod/host-network.yaml', 'app/overlays/prod/kustomization.yaml',
    ]);
  });

  it('a configured overlay uses its namespace for objects that set none', () => {
    const r = run(['standalone'], { kustomize: [{ path: 'standalone', namespace: 'tools' }] });
    expect(at(r)).toEqual(['EKS-PSB-001 standalone/pod.yaml:6:3 tools/standalone spec.hostNetwork']);
  });
});

describe('kustomizations that do not build', () => {
  it('a remote base is reported at its line, and nothing is fetched', () => {
    const r = run(['remote']);
    expect(r.findings).toHaveLength(1);
    expect(r.findings[0]).toMatchObject({ ruleId: 'EKS-INPUT-010', blocking: true, location: { file: 'remote/kustomization.yaml', line: 2, column: 5 } });
    expect(r.findings[0]?.message).toMatch(/remote https:\/\/github\.com\/example.*offline.*Vendor/);
  });

  it('chart inflation (helmCharts) is refused', () => {
    const r = run(['chart-inflation']);
    expect(r.findings.map((f) => f.ruleId)).toEqual(['EKS-INPUT-010']);
    expect(r.findings[0]?.message).toContain('--enable-helm');
  });

  it('a build error is reported with kustomize\'s message; the load restrictor stays on', () => {
    const dir = tempDir({
      'outside.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: outside\n',
      'app/kustomization.yaml': 'resources:\n  - ../outside.yaml\n',
    });
    dirs.push(dir);
    const r = run(['app'], {}, dir);
    const failed = r.findings.filter((f) => f.ruleId === 'EKS-INPUT-010');
    expect(failed).toHaveLength(1);
    expect(failed[0]?.location).toMatchObject({ file: 'app/kustomization.yaml', line: 1 });
    expect(failed[0]?.message).toMatch(/kustomize build failed for app.*(security|restrict|not in or below)/);
    expect(failed[0]?.message).not.toContain(renderTempPrefix());
  });

  it('a build over the time limit is reported', () => {
    const r = run(['standalone'], { limits: { 'subprocess-seconds': 0.001 } });
    expect(r.findings.map((f) => f.ruleId)).toEqual(['EKS-INPUT-010']);
    expect(r.findings[0]?.message).toMatch(/did not finish within 0\.001 s/);
  });

  it('no kustomize and no kubectl: a finding naming the overlay and what to install', () => {
    const saved = { tools: process.env.EKS_POLICY_GATE_TOOLS, path: process.env.PATH };
    process.env.EKS_POLICY_GATE_TOOLS = '';
    process.env.PATH = '';
    try {
      const r = run(['standalone']);
      expect(r.findings).toHaveLength(1);
      expect(r.findings[0]).toMatchObject({ ruleId: 'EKS-INPUT-011', location: { file: 'standalone/kustomization.yaml', line: 1 } });
      expect(r.findings[0]?.message).toMatch(/Neither kustomize nor kubectl is installed.*standalone/);
    } finally {
      process.env.EKS_POLICY_GATE_TOOLS = saved.tools;
      process.env.PATH = saved.path;
    }
  });
});

describe('locating without origin annotations', () => {
  const file = loadManifest('d.yaml', Buffer.from(fs.readFileSync(path.join(FIXTURES, 'app/base/deployment.yaml'))), { explicit: false, defaultNamespace: '' });

  it('finds the source object by kind and the name before prefixes and suffixes', () => {
    expect(findSourceObject(file, 'Deployment', 'prod-web-v2')?.name).toBe('web');
    expect(findSourceObject(file, 'Service', 'web')).toBeUndefined();
  });

  it('maps list items by name, as kustomize merges them', () => {
    const rendered = { spec: { containers: [{ name: 'injected' }, { name: 'agent', securityContext: { privileged: true } }] } };
    const source = { spec: { containers: [{ name: 'web' }, { name: 'agent' }] } };
    expect(translatePath(rendered, source, ['spec', 'containers', 1, 'securityContext', 'privileged'])).toEqual(['spec', 'containers', 1]);
    expect(translatePath(rendered, source, ['spec', 'containers', 0, 'image'])).toEqual(['spec', 'containers']);
  });
});

function renderTempPrefix(): string {
  return path.join(fs.realpathSync(process.env.TMPDIR ?? '/tmp'), 'eks-policy-gate-render-');
}
