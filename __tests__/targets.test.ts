import { afterAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { parseYaml } from '../src/load/yaml.js';
import { cli, ROOT, tempDir } from './helpers.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

const pod = 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: []}\n';

describe('targets', () => {
  const repo = tempDir({
    '.git/HEAD': 'ref: refs/heads/main\n',
    'charts/shop/Chart.yaml': 'apiVersion: v2\nname: shop\nversion: 0.1.0\n',
    'charts/shop/templates/pod.yaml': pod,
    'k8s/base/kustomization.yaml': 'resources: [pod.yaml]\n',
    'k8s/base/pod.yaml': pod,
    'k8s/overlays/prod/kustomization.yaml': 'resources: [../../base]\nnamePrefix: prod-\n',
    'apps/web/deploy.yaml': pod,
    'apps/api/deploy.yaml': pod,
    'infra/tfplan.json': JSON.stringify({ format_version: '1.2', terraform_version: '1.9.0', resource_changes: [] }),
    '.github/workflows/ci.yml': 'on: push\njobs: {}\n',
    'notes.yaml': 'title: not a manifest\n',
  });
  dirs.push(repo);

  it('lists charts, root overlays, plans and top-level manifest directories, nothing twice', () => {
    const r = cli(['targets', '--format', 'json'], repo);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).targets).toEqual([
      { path: 'apps', kind: 'manifests', category: 'eks-policy-gate/apps' },
      { path: 'charts/shop', kind: 'helm-chart', category: 'eks-policy-gate/charts-shop' },
      { path: 'infra/tfplan.json', kind: 'terraform-plan', category: 'eks-policy-gate/infra-tfplan.json' },
      { path: 'k8s/overlays/prod', kind: 'kustomize', category: 'eks-policy-gate/k8s-overlays-prod' },
    ]);
  });

  it('groups by the first directory under each scanned path, and prints a matrix', () => {
    const r = cli(['targets', 'apps', '--format', 'matrix'], repo);
    expect(JSON.parse(r.stdout)).toEqual({
      include: [
        { target: 'apps/api', kind: 'manifests', category: 'eks-policy-gate/apps-api' },
        { target: 'apps/web', kind: 'manifests', category: 'eks-policy-gate/apps-web' },
      ],
    });
  });

  it('each target scans on its own', () => {
    for (const t of JSON.parse(cli(['targets', '--format', 'json'], repo).stdout).targets) {
      const r = cli(['scan', t.path, '--format', 'json'], repo);
      expect([0, 1], `${t.path}: ${r.stderr}`).toContain(r.code);
    }
  });

  it('the example matrix workflow is valid YAML using the targets output', () => {
    const text = fs.readFileSync(path.join(ROOT, 'examples/workflows/matrix.yml'), 'utf8');
    const wf = parseYaml(text).documents[0]?.value as { jobs: Record<string, { steps?: { run?: string; with?: Record<string, string> }[] }> };
    expect(wf.jobs.targets?.steps?.some((s) => s.run?.includes('targets --format matrix'))).toBe(true);
    expect(wf.jobs.gate?.steps?.find((s) => s.with?.paths)?.with).toMatchObject({ paths: '${{ matrix.target }}', category: '${{ matrix.category }}' });
  });
});
