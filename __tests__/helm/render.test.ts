import { afterAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { errorPosition, helmArgs, missingDependency, parseRendered, releaseName } from '../../src/load/helm/render.js';
import { isHelmOutput } from '../../src/load/helm/prerendered.js';
import { findTool, Sandbox, stderrSummary, TOOLS_DIR_ENV } from '../../src/load/helm/tools.js';
import { tempDir } from '../helpers.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

describe('helm template command line', () => {
  it('is offline and keeps each configured value type', () => {
    const args = helmArgs({
      chartDir: '/repo/charts/shop', release: 'shop', namespace: 'prod', valuesFiles: ['/repo/a.yaml', '/repo/b.yaml'],
      set: { 'image.tag': '1.0', replicas: 3, 'debug.enabled': true, csv: 'a,b' }, kubeVersion: '1.33', apiVersions: ['monitoring.coreos.com/v1'],
    });
    expect(args).toEqual([
      'template', 'shop', '/repo/charts/shop', '--namespace', 'prod', '--kube-version', '1.33',
      '--api-versions', 'monitoring.coreos.com/v1', '--values', '/repo/a.yaml', '--values', '/repo/b.yaml',
      '--set-json', 'image.tag="1.0"', '--set-json', 'replicas=3', '--set-json', 'debug.enabled=true', '--set-json', 'csv="a,b"',
    ]);
    expect(args.filter((a) => /^--(dependency-update|repo|username|password|plugins?|post-renderer|verify|devel)/.test(a))).toEqual([]);
  });

  it('derives a valid release name from the chart name', () => {
    expect(releaseName('kube-state-metrics')).toBe('kube-state-metrics');
    expect(releaseName('My_Chart.v2')).toBe('my-chart-v2');
    expect(releaseName('x'.repeat(80))).toHaveLength(53);
    expect(releaseName('___')).toBe('release');
  });
});

describe('rendered output', () => {
  const out = [
    '---', '# Source: shop/templates/a.yaml', 'apiVersion: v1', 'kind: ConfigMap', 'metadata:', '  name: one',
    '---', '# Source: shop/templates/a.yaml', 'apiVersion: v1', 'kind: ConfigMap', 'metadata:', '  name: two',
    '---', '# Source: shop/charts/db/templates/sts.yaml', 'apiVersion: apps/v1', 'kind: StatefulSet', 'metadata:', '  name: db', '  namespace: data',
    '',
  ].join('\n');

  it('keeps the template of every object, its rank, and the release namespace', () => {
    const r = parseRendered(out, 'prod');
    expect(r.objects.map((o) => [o.source, o.kind, o.name, o.namespace, o.ordinal])).toEqual([
      ['shop/templates/a.yaml', 'ConfigMap', 'one', 'prod', 0],
      ['shop/templates/a.yaml', 'ConfigMap', 'two', 'prod', 1],
      ['shop/charts/db/templates/sts.yaml', 'StatefulSet', 'db', 'data', 0],
    ]);
    expect(r.problems).toEqual([]);
  });

  it('is recognised when committed to the repository, and plain manifests are not', () => {
    expect(isHelmOutput(out)).toBe(true);
    expect(isHelmOutput('# Source: shop/templates/a.yaml\napiVersion: v1\n')).toBe(true);
    expect(isHelmOutput('apiVersion: v1\nkind: ConfigMap\n# Source: https://example.com/x\n')).toBe(false);
    expect(isHelmOutput('apiVersion: v1\nkind: ConfigMap\n')).toBe(false);
  });

  it('reads the template position and missing dependencies out of Helm errors', () => {
    expect(errorPosition('Error: execution error at (alb/templates/deployment.yaml:67:28): Chart cannot be installed')).toEqual({ source: 'alb/templates/deployment.yaml', line: 67, column: 28 });
    expect(errorPosition('Error: parse error at (c2/templates/a.yaml:5): unclosed action')).toEqual({ source: 'c2/templates/a.yaml', line: 5, column: 1 });
    expect(errorPosition('Error: template: c/templates/x.yaml:12:3: executing "c/templates/x.yaml" at <.Values.a.b>: nil pointer')).toEqual({ source: 'c/templates/x.yaml', line: 12, column: 3 });
    expect(errorPosition('Error: YAML parse error on c3/templates/a.yaml: error converting YAML to JSON')).toEqual({ source: 'c3/templates/a.yaml', line: 1, column: 1 });
    expect(errorPosition('Error: library charts are not installable')).toBeUndefined();
    expect(missingDependency('Error: An error occurred while checking for chart dependencies. You may need to run `helm dependency build` to fetch missing dependencies: found in Chart.yaml, but missing in charts/ directory: redis, pg')).toBe('redis, pg');
    expect(stderrSummary('Error: boom\n\nUse --debug flag to render out invalid YAML\n')).toBe('Error: boom');
  });
});

describe('renderer binaries and their sandbox', () => {
  it('look in EKS_POLICY_GATE_TOOLS first, then PATH, and report absence', () => {
    const a = tempDir({ 'helm': '#!/bin/sh\n' });
    const b = tempDir({ 'helm': '#!/bin/sh\n', 'kustomize': '#!/bin/sh\n' });
    dirs.push(a, b);
    fs.chmodSync(path.join(a, 'helm'), 0o755);
    fs.chmodSync(path.join(b, 'helm'), 0o755);
    fs.chmodSync(path.join(b, 'kustomize'), 0o644); // not executable: skipped
    expect(findTool('helm', { [TOOLS_DIR_ENV]: a, PATH: b })).toBe(path.join(a, 'helm'));
    expect(findTool('helm', { PATH: b })).toBe(path.join(b, 'helm'));
    expect(findTool('kustomize', { PATH: b })).toBeUndefined();
    expect(findTool('helm', { PATH: '' })).toBeUndefined();
  });

  it('run with an isolated home, no plugins, no kubeconfig and no route to the network', () => {
    const sandbox = new Sandbox();
    try {
      const env = sandbox.env;
      for (const k of ['HOME', 'HELM_CACHE_HOME', 'HELM_CONFIG_HOME', 'HELM_DATA_HOME', 'HELM_PLUGINS', 'KUSTOMIZE_PLUGIN_HOME', 'KUBECONFIG']) {
        expect(env[k]?.startsWith(sandbox.dir), k).toBe(true);
      }
      expect(fs.readdirSync(env.HELM_PLUGINS as string)).toEqual([]);
      expect(env.HTTPS_PROXY).toMatch(/^http:\/\/127\.0\.0\.1:/);
      expect(env.GIT_ALLOW_PROTOCOL).toBe('file');
      expect(Object.keys(env).some((k) => /TOKEN|SECRET|AWS_/.test(k))).toBe(false);
      const run = sandbox.run(process.execPath, ['-e', 'console.log(process.env.HOME); console.error("warn")'], { cwd: sandbox.dir, timeoutSeconds: 30 });
      expect(run).toMatchObject({ status: 0, timedOut: false });
      expect(run.stdout.trim()).toBe(env.HOME);
      expect(run.stderr.trim()).toBe('warn');
    } finally {
      sandbox.dispose();
    }
    expect(fs.existsSync(sandbox.dir)).toBe(false);
  });

  it('stop a run at its time limit', () => {
    const sandbox = new Sandbox();
    try {
      const run = sandbox.run(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { cwd: sandbox.dir, timeoutSeconds: 0.3 });
      expect(run.timedOut).toBe(true);
      expect(run.status).toBeNull();
      expect(run.ms).toBeLessThan(20_000);
    } finally {
      sandbox.dispose();
    }
  });
});
