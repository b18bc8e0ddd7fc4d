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

  it('finds the insecure app violations at the offending lines', () => {
    const at = result.findings.map((f) => `${f.ruleId} ${f.location.file}:${f.location.line}:${f.location.column} ${f.fieldPath}`);
    expect(at).toEqual([
      'EKS-PSB-001 examples/insecure-app/deployment.yaml:19:7 spec.template.spec.hostNetwork',
      'EKS-PSB-002 examples/insecure-app/deployment.yaml:26:13 spec.template.spec.containers[0].securityContext.privileged',
      'EKS-PSB-001 examples/insecure-app/node-debugger.yaml:16:7 spec.template.spec.hostPID',
      'EKS-PSB-002 examples/insecure-app/node-debugger.yaml:22:13 spec.template.spec.initContainers[0].securityContext.privileged',
    ]);
    const lines = fs.readFileSync(path.join(ROOT, 'examples/insecure-app/deployment.yaml'), 'utf8').split('\n');
    expect(lines[18]).toContain('hostNetwork: true');
    expect(lines[25]).toContain('privileged: true');
  });

  it('marks them blocking and describes the resource', () => {
    expect(result.findings.every((f) => f.blocking && f.mode === 'enforce')).toBe(true);
    expect(result.findings[1]).toMatchObject({
      severity: 'critical',
      title: 'No privileged containers',
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
    return scan({ paths: [dir], root: dir, config }).findings.map((f) => f.fingerprint);
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

  it('a higher severity threshold makes high findings non-blocking', () => {
    const r = scan({ paths: [dir], root: dir, config, severityThreshold: 'critical' });
    expect(r.findings.map((f) => [f.ruleId, f.blocking])).toEqual([['EKS-PSB-001', false]]);
  });

  it('a rule can be set to warn or turned off, by ID or glob', () => {
    expect(scan({ paths: [dir], root: dir, config: withDefaults({ rules: { 'EKS-PSB-*': { mode: 'warn' } } }) }).findings[0]).toMatchObject({ mode: 'warn', blocking: false });
    expect(scan({ paths: [dir], root: dir, config: withDefaults({ rules: { 'EKS-PSB-001': { mode: 'off' } } }) }).findings).toEqual([]);
  });

  it('paths.exclude leaves files out', () => {
    expect(scan({ paths: [dir], root: dir, config: withDefaults({ paths: { exclude: ['**/p.yaml'] } }) }).findings).toEqual([]);
  });
});
