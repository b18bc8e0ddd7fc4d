// The configuration keys of the identity, image, secret and runtime rules: validated by the
// schema, passed to the policies, honoured by the rules in the Wasm engine.
import { afterAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { loadConfigFile, withDefaults } from '../../src/config/config.js';
import { buildContext } from '../../src/evaluate/input.js';
import { scan } from '../../src/scan.js';
import { UsageError } from '../../src/errors.js';
import { ROOT, tempDir } from '../helpers.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

const CONFIG = `rbac:
  cluster-admin-subjects: ["ServiceAccount/argocd/*"]
  workload-creators: [ClusterRole/deployer]
  exec-roles: ["Role/debug/*"]
service-accounts:
  token-secrets: [legacy/ci-token]
  api-access-annotation: example.com/needs-api
  shared-roles: ["arn:aws:iam::*:role/shared-*"]
images:
  registries: [ghcr.io/acme/*, "*.example.com"]
  ecr-accounts: ["111122223333"]
  verification: true
secrets:
  scan-custom-resources: true
runtime:
  capability-workloads: [DaemonSet/kube-system/aws-node]
`;

function configFile(text: string): string {
  const dir = tempDir({ '.eks-policy-gate.yaml': text });
  dirs.push(dir);
  return path.join(dir, '.eks-policy-gate.yaml');
}

describe('configuration', () => {
  it('accepts the keys and passes them to the policies', () => {
    const ctx = buildContext(loadConfigFile(configFile(CONFIG)));
    expect(ctx.rbac).toEqual({ cluster_admin_subjects: ['ServiceAccount/argocd/*'], workload_creators: ['ClusterRole/deployer'], exec_roles: ['Role/debug/*'] });
    expect(ctx.service_accounts).toEqual({ token_secrets: ['legacy/ci-token'], api_access_annotation: 'example.com/needs-api', shared_roles: ['arn:aws:iam::*:role/shared-*'] });
    expect(ctx.images).toEqual({ registries: ['ghcr.io/acme/*', '*.example.com'], ecr_accounts: ['111122223333'], verification: true });
    expect(ctx.secrets).toEqual({ scan_custom_resources: true });
    expect(ctx.runtime).toEqual({ capability_workloads: ['DaemonSet/kube-system/aws-node'] });
  });

  it('has defaults', () => {
    const ctx = buildContext(withDefaults({}));
    expect(ctx.service_accounts.api_access_annotation).toBe('policy.eks/needs-k8s-api');
    expect(ctx.images).toEqual({ registries: [], ecr_accounts: [], verification: false });
    expect(ctx.secrets.scan_custom_resources).toBe(false);
  });

  it('rejects an invalid value with its file and line', () => {
    const file = configFile('images:\n  ecr-accounts: ["12345"]\nrbac:\n  exec-role: []\n');
    expect(() => loadConfigFile(file, 'cfg.yaml')).toThrow(UsageError);
    try {
      loadConfigFile(file, 'cfg.yaml');
    } catch (e) {
      expect((e as Error).message).toContain('cfg.yaml:2:');
      expect((e as Error).message).toContain('unknown key "exec-role" under rbac');
      expect((e as Error).message).toContain('See docs/config.schema.json for every key.');
      expect(fs.existsSync(path.join(ROOT, 'docs/config.schema.json'))).toBe(true);
    }
  });
});

describe('allow-lists in the Wasm engine', () => {
  const files = {
    'rbac.yaml': `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: argocd-admin}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin}
subjects:
  - {kind: ServiceAccount, name: argocd-application-controller, namespace: argocd}
  - {kind: User, name: mallory}
`,
    'pod.yaml': `apiVersion: v1
kind: Pod
metadata: {name: p, namespace: shop}
spec:
  containers:
    - {name: a, image: ghcr.io/acme/app:1.0}
    - {name: b, image: ghcr.io/other/app:1.0}
    - {name: c, image: registry.example.com/app:1.0}
    - {name: d, image: 111122223333.dkr.ecr.eu-west-1.amazonaws.com/app:1.0}
    - {name: e, image: 999999999999.dkr.ecr.eu-west-1.amazonaws.com/app:1.0}
    - {name: f, image: 602401143452.dkr.ecr.eu-west-1.amazonaws.com/eks/coredns:v1.11.1}
`,
  };

  it('match with * across / and . (glob without delimiters)', () => {
    const dir = tempDir(files);
    dirs.push(dir);
    const config = loadConfigFile(configFile(CONFIG));
    const r = scan({ paths: [dir], root: dir, config });
    expect(r.findings.filter((f) => f.ruleId === 'EKS-RBAC-001').map((f) => f.fieldPath)).toEqual(['subjects[1]']);
    expect(r.findings.filter((f) => f.ruleId === 'EKS-IMG-003').map((f) => f.fieldPath)).toEqual([
      'spec.containers[1].image',
      'spec.containers[4].image',
    ]);
    expect(r.findings.filter((f) => f.ruleId === 'EKS-IMG-013')).toEqual([]);
    const defaults = scan({ paths: [dir], root: dir, config: withDefaults({}) });
    expect(defaults.findings.filter((f) => f.ruleId === 'EKS-RBAC-001')).toHaveLength(2);
    expect(defaults.findings.filter((f) => f.ruleId === 'EKS-IMG-003').map((f) => f.fieldPath)).toEqual([
      'spec.containers[0].image',
      'spec.containers[1].image',
      'spec.containers[2].image',
    ]);
  });
});
