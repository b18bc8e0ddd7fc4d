import { afterAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { scan } from '../src/scan.js';
import { withDefaults } from '../src/config/config.js';
import { ROOT, tempDir } from './helpers.js';

const config = withDefaults({});
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

describe('scan of the bundled examples', () => {
  const result = scan({ paths: [path.join(ROOT, 'examples')], root: ROOT, config });

  // Every finding on the insecure app, by rule area (each area's rules keep their own list
  // exact): rule, file:line:column, field path, mode.
  const insecure: Record<string, string[]> = {
      IAM: [
        'EKS-IAM-019 deployment.yaml:18:5 spec.template.spec.serviceAccountName enforce',
        'EKS-IAM-020 deployment.yaml:18:5 spec.template.spec.serviceAccountName enforce',
        'EKS-IAM-019 node-debugger.yaml:15:5 spec.template.spec.serviceAccountName enforce',
        'EKS-IAM-020 node-debugger.yaml:15:5 spec.template.spec.serviceAccountName enforce',
      ],
      IMG: [
        'EKS-IMG-001 deployment.yaml:22:11 spec.template.spec.containers[0].image enforce',
        'EKS-IMG-002 deployment.yaml:22:11 spec.template.spec.containers[0].image enforce',
        'EKS-IMG-003 deployment.yaml:22:11 spec.template.spec.containers[0].image enforce',
        'EKS-IMG-002 deployment.yaml:31:11 spec.template.spec.containers[1].image enforce',
        'EKS-IMG-003 deployment.yaml:31:11 spec.template.spec.containers[1].image enforce',
        'EKS-IMG-002 node-debugger.yaml:19:11 spec.template.spec.initContainers[0].image enforce',
        'EKS-IMG-003 node-debugger.yaml:19:11 spec.template.spec.initContainers[0].image enforce',
        'EKS-IMG-002 node-debugger.yaml:25:11 spec.template.spec.containers[0].image enforce',
        'EKS-IMG-003 node-debugger.yaml:25:11 spec.template.spec.containers[0].image enforce',
      ],
      IR: [
        'EKS-IR-002 deployment.yaml:18:5 spec.template.spec.serviceAccountName enforce',
        'EKS-IR-002 node-debugger.yaml:15:5 spec.template.spec.serviceAccountName enforce',
      ],
      POD: [
        'EKS-POD-004 deployment.yaml:21:11 spec.template.spec.containers[0].resources.requests.cpu enforce',
        'EKS-POD-004 deployment.yaml:21:11 spec.template.spec.containers[0].resources.limits.memory enforce',
        'EKS-POD-004 deployment.yaml:21:11 spec.template.spec.containers[0].resources.requests.memory enforce',
        'EKS-POD-003 deployment.yaml:25:11 spec.template.spec.containers[0].securityContext.readOnlyRootFilesystem enforce',
        'EKS-POD-005 deployment.yaml:25:11 spec.template.spec.containers[0].securityContext.runAsNonRoot enforce',
        'EKS-POD-006 deployment.yaml:25:11 spec.template.spec.containers[0].securityContext.allowPrivilegeEscalation enforce',
        'EKS-POD-003 deployment.yaml:30:11 spec.template.spec.containers[1].securityContext.readOnlyRootFilesystem enforce',
        'EKS-POD-004 deployment.yaml:30:11 spec.template.spec.containers[1].resources.requests.cpu enforce',
        'EKS-POD-004 deployment.yaml:30:11 spec.template.spec.containers[1].resources.limits.memory enforce',
        'EKS-POD-004 deployment.yaml:30:11 spec.template.spec.containers[1].resources.requests.memory enforce',
        'EKS-POD-005 deployment.yaml:30:11 spec.template.spec.containers[1].securityContext.runAsNonRoot enforce',
        'EKS-POD-006 deployment.yaml:30:11 spec.template.spec.containers[1].securityContext.allowPrivilegeEscalation enforce',
        'EKS-POD-002 deployment.yaml:33:15 spec.template.spec.containers[1].volumeMounts[0].readOnly enforce',
        'EKS-POD-004 node-debugger.yaml:18:11 spec.template.spec.initContainers[0].resources.requests.cpu enforce',
        'EKS-POD-004 node-debugger.yaml:18:11 spec.template.spec.initContainers[0].resources.requests.memory enforce',
        'EKS-POD-003 node-debugger.yaml:21:11 spec.template.spec.initContainers[0].securityContext.readOnlyRootFilesystem enforce',
        'EKS-POD-005 node-debugger.yaml:21:11 spec.template.spec.initContainers[0].securityContext.runAsNonRoot enforce',
        'EKS-POD-006 node-debugger.yaml:21:11 spec.template.spec.initContainers[0].securityContext.allowPrivilegeEscalation enforce',
        'EKS-POD-003 node-debugger.yaml:24:11 spec.template.spec.containers[0].securityContext.readOnlyRootFilesystem enforce',
        'EKS-POD-004 node-debugger.yaml:24:11 spec.template.spec.containers[0].resources.requests.cpu enforce',
        'EKS-POD-004 node-debugger.yaml:24:11 spec.template.spec.containers[0].resources.limits.memory enforce',
        'EKS-POD-004 node-debugger.yaml:24:11 spec.template.spec.containers[0].resources.requests.memory enforce',
        'EKS-POD-005 node-debugger.yaml:24:11 spec.template.spec.containers[0].securityContext.runAsNonRoot enforce',
        'EKS-POD-006 node-debugger.yaml:24:11 spec.template.spec.containers[0].securityContext.allowPrivilegeEscalation enforce',
      ],
      NET: [
        'EKS-NET-004 deployment.yaml:19:7 spec.template.spec.hostNetwork enforce',
        'EKS-NET-001 namespace.yaml:4:3 metadata.name enforce',
        'EKS-NET-002 namespace.yaml:4:3 metadata.name enforce',
        'EKS-NET-003 namespace.yaml:4:3 metadata.name enforce',
        'EKS-NET-004 node-debugger.yaml:13:7 spec.template.metadata.labels enforce',
        'EKS-NET-005 node-debugger.yaml:13:7 spec.template.metadata.labels enforce',
      ],
      PSA: [
        'EKS-PSA-001 namespace.yaml:3:1 metadata.labels["pod-security.kubernetes.io/enforce"] enforce',
        'EKS-PSA-002 namespace.yaml:3:1 metadata.labels["pod-security.kubernetes.io/audit"] enforce',
        'EKS-PSA-002 namespace.yaml:3:1 metadata.labels["pod-security.kubernetes.io/warn"] enforce',
      ],
      PSB: [
        'EKS-PSB-001 deployment.yaml:19:7 spec.template.spec.hostNetwork enforce',
        'EKS-PSB-002 deployment.yaml:26:13 spec.template.spec.containers[0].securityContext.privileged enforce',
        'EKS-PSB-004 deployment.yaml:37:11 spec.template.spec.volumes[0].hostPath enforce',
        'EKS-PSB-001 node-debugger.yaml:16:7 spec.template.spec.hostPID enforce',
        'EKS-PSB-002 node-debugger.yaml:22:13 spec.template.spec.initContainers[0].securityContext.privileged enforce',
      ],
      PSR: [
        'EKS-PSR-002 deployment.yaml:25:11 spec.template.spec.containers[0].securityContext.allowPrivilegeEscalation warn',
        'EKS-PSR-003 deployment.yaml:25:11 spec.template.spec.containers[0].securityContext.runAsNonRoot warn',
        'EKS-PSR-005 deployment.yaml:25:11 spec.template.spec.containers[0].securityContext.seccompProfile.type warn',
        'EKS-PSR-006 deployment.yaml:25:11 spec.template.spec.containers[0].securityContext.capabilities.drop warn',
        'EKS-PSR-002 deployment.yaml:30:11 spec.template.spec.containers[1].securityContext.allowPrivilegeEscalation warn',
        'EKS-PSR-003 deployment.yaml:30:11 spec.template.spec.containers[1].securityContext.runAsNonRoot warn',
        'EKS-PSR-005 deployment.yaml:30:11 spec.template.spec.containers[1].securityContext.seccompProfile.type warn',
        'EKS-PSR-006 deployment.yaml:30:11 spec.template.spec.containers[1].securityContext.capabilities.drop warn',
        'EKS-PSR-002 node-debugger.yaml:21:11 spec.template.spec.initContainers[0].securityContext.allowPrivilegeEscalation warn',
        'EKS-PSR-003 node-debugger.yaml:21:11 spec.template.spec.initContainers[0].securityContext.runAsNonRoot warn',
        'EKS-PSR-005 node-debugger.yaml:21:11 spec.template.spec.initContainers[0].securityContext.seccompProfile.type warn',
        'EKS-PSR-006 node-debugger.yaml:21:11 spec.template.spec.initContainers[0].securityContext.capabilities.drop warn',
        'EKS-PSR-002 node-debugger.yaml:24:11 spec.template.spec.containers[0].securityContext.allowPrivilegeEscalation warn',
        'EKS-PSR-003 node-debugger.yaml:24:11 spec.template.spec.containers[0].securityContext.runAsNonRoot warn',
        'EKS-PSR-005 node-debugger.yaml:24:11 spec.template.spec.containers[0].securityContext.seccompProfile.type warn',
        'EKS-PSR-006 node-debugger.yaml:24:11 spec.template.spec.containers[0].securityContext.capabilities.drop warn',
      ],
      RT: [
        'EKS-RT-002 deployment.yaml:18:5 spec.template.spec.securityContext.seccompProfile enforce',
        'EKS-RT-004 deployment.yaml:25:11 spec.template.spec.containers[0].securityContext.capabilities.drop enforce',
        'EKS-RT-004 deployment.yaml:30:11 spec.template.spec.containers[1].securityContext.capabilities.drop enforce',
        'EKS-RT-002 node-debugger.yaml:15:5 spec.template.spec.securityContext.seccompProfile enforce',
        'EKS-RT-004 node-debugger.yaml:21:11 spec.template.spec.initContainers[0].securityContext.capabilities.drop enforce',
        'EKS-RT-004 node-debugger.yaml:24:11 spec.template.spec.containers[0].securityContext.capabilities.drop enforce',
      ],
  };

  it('finds the insecure app violations at the offending lines', () => {
    const at: Record<string, string[]> = {};
    for (const f of result.findings.filter((x) => x.location.file.startsWith('examples/insecure-app/'))) {
      const file = f.location.file.replace('examples/insecure-app/', '');
      (at[f.ruleId.split('-')[1]!] ??= []).push(`${f.ruleId} ${file}:${f.location.line}:${f.location.column} ${f.fieldPath ?? ''} ${f.mode}`);
    }
    expect(at).toEqual(insecure);
    const lines = fs.readFileSync(path.join(ROOT, 'examples/insecure-app/deployment.yaml'), 'utf8').split('\n');
    expect(lines[18]).toContain('hostNetwork: true');
    expect(lines[25]).toContain('privileged: true');
    expect(lines[36]).toContain('hostPath:');
  });

  it('marks them blocking and describes the resource', () => {
    const blocking = result.findings.filter((f) => f.location.file.startsWith('examples/insecure-app/') && f.blocking);
    expect(blocking.map((f) => `${f.ruleId} ${f.location.file}:${f.location.line}`)).toEqual([
      'EKS-PSB-001 examples/insecure-app/deployment.yaml:19',
      'EKS-PSB-002 examples/insecure-app/deployment.yaml:26',
      'EKS-PSB-004 examples/insecure-app/deployment.yaml:37',
      'EKS-PSA-001 examples/insecure-app/namespace.yaml:3',
      'EKS-NET-002 examples/insecure-app/namespace.yaml:4',
      'EKS-NET-004 examples/insecure-app/node-debugger.yaml:13',
      'EKS-PSB-001 examples/insecure-app/node-debugger.yaml:16',
      'EKS-PSB-002 examples/insecure-app/node-debugger.yaml:22',
    ]);
    expect(blocking.every((f) => f.mode === 'enforce')).toBe(true);
    expect(blocking[1]).toMatchObject({
      severity: 'critical',
      title: 'No privileged containers',
      message: 'violates PodSecurity "baseline:latest": privileged (container "checkout" must not set securityContext.privileged=true)',
      resource: { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'shop', name: 'checkout' },
    });
  });

  it('finds nothing in the secure app', () => {
    expect(result.findings.filter((f) => f.location.file.includes('secure-app/') && !f.location.file.includes('insecure'))).toEqual([]);
  });

  it('reports per-stage timings', () => {
    expect(Object.keys(result.timings).sort()).toEqual(['discover', 'evaluate', 'gate', 'parse']);
  });
});

describe('fingerprints', () => {
  const pod = (indent: string, order: 'ab' | 'ba') => {
    const a = `${indent}- name: a\n${indent}  image: x\n`;
    const b = `${indent}- name: b\n${indent}  securityContext:\n${indent}    privileged: true\n`;
    return `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  namespace: n\nspec:\n  containers:\n${order === 'ab' ? a + b : b + a}`;
  };
  const fps = (files: Record<string, string>) => {
    const dir = tempDir(files);
    dirs.push(dir);
    // The privileged container's finding (other rules report on these pods too).
    return scan({ paths: [dir], root: dir, config }).findings.filter((f) => f.ruleId === 'EKS-PSB-002').map((f) => f.fingerprint);
  };

  it('survive reformatting, reordering containers and moving the file', () => {
    const original = fps({ 'a/pod.yaml': pod('  ', 'ab') });
    expect(original).toHaveLength(1);
    expect(fps({ 'a/pod.yaml': pod('    ', 'ab') })).toEqual(original);
    expect(fps({ 'a/pod.yaml': pod('  ', 'ba') })).toEqual(original);
    expect(fps({ 'elsewhere/renamed.yml': pod('  ', 'ab') })).toEqual(original);
  });

  it('change with the resource', () => {
    const original = fps({ 'pod.yaml': pod('  ', 'ab') });
    expect(fps({ 'pod.yaml': pod('  ', 'ab').replace('name: p', 'name: q') })).not.toEqual(original);
  });

  it('stay distinct when the same object appears twice', () => {
    const twice = fps({ 'one.yaml': pod('  ', 'ab'), 'two.yaml': pod('  ', 'ab') });
    expect(new Set(twice).size).toBe(2);
  });
});

describe('configuration', () => {
  const dir = tempDir({ 'p.yaml': 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  hostIPC: true\n  containers: []\n' });
  dirs.push(dir);

  // Other rules report on this pod too (it sits in the default namespace, has no labels, ...);
  // these tests look at the hostIPC finding and at what blocks.
  const psb = (r: ReturnType<typeof scan>) => r.findings.filter((f) => f.ruleId.startsWith('EKS-PSB-'));

  it('a higher severity threshold makes high findings non-blocking', () => {
    const r = scan({ paths: [dir], root: dir, config, severityThreshold: 'critical' });
    expect(psb(r).map((f) => [f.ruleId, f.severity, f.blocking])).toEqual([['EKS-PSB-001', 'high', false]]);
    expect(r.findings.filter((f) => f.blocking)).toEqual([]);
    expect(psb(scan({ paths: [dir], root: dir, config })).map((f) => [f.ruleId, f.blocking])).toEqual([['EKS-PSB-001', true]]);
  });

  it('a rule can be set to warn or turned off, by ID or glob', () => {
    expect(psb(scan({ paths: [dir], root: dir, config: withDefaults({ rules: { 'EKS-PSB-*': { mode: 'warn' } } }) }))).toMatchObject([{ mode: 'warn', blocking: false }]);
    const off = scan({ paths: [dir], root: dir, config: withDefaults({ rules: { 'EKS-PSB-001': { mode: 'off' } } }) });
    expect(psb(off)).toEqual([]);
    expect(off.findings.length).toBeGreaterThan(0);
  });

  it('paths.exclude leaves files out', () => {
    expect(scan({ paths: [dir], root: dir, config: withDefaults({ paths: { exclude: ['**/p.yaml'] } }) }).findings).toEqual([]);
  });
});
