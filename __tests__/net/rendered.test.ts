// Coverage across raw manifests, rendered Helm charts and Kustomize overlays in one scan: a
// chart's NetworkPolicy whose `podSelector:` renders empty (null), an overlay that moves its
// resources into a namespace, and a plain Namespace object that makes the scan authoritative.
import { afterAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import { scan } from '../../src/scan.js';
import { withDefaults } from '../../src/config/config.js';
import { tempDir } from '../helpers.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

const files = {
  'namespaces.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: batch\n',
  // A chart: the policy's podSelector comes from values and renders as `podSelector:` (null).
  'charts/web/Chart.yaml': 'apiVersion: v2\nname: web\nversion: 0.1.0\n',
  'charts/web/values.yaml': 'selector: ""\n',
  'charts/web/templates/deployment.yaml': `apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ .Release.Name }}-web
spec:
  selector:
    matchLabels: { app: web }
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
        - name: web
          image: web
`,
  'charts/web/templates/networkpolicy.yaml': `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: {{ .Release.Name }}-deny
spec:
  podSelector: {{ .Values.selector }}
  policyTypes: [Ingress, Egress]
`,
  // An overlay: its resources land in namespace batch.
  'overlay/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nnamespace: batch\nresources:\n  - cronjob.yaml\n  - policy.yaml\n',
  'overlay/cronjob.yaml': `apiVersion: batch/v1
kind: CronJob
metadata:
  name: report
spec:
  schedule: "@daily"
  jobTemplate:
    spec:
      template:
        metadata:
          labels:
            app: report
        spec:
          restartPolicy: Never
          containers:
            - name: report
              image: report
`,
  'overlay/policy.yaml': `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: report
spec:
  podSelector:
    matchLabels: { app: report }
  policyTypes: [Ingress]
`,
};

describe('coverage across Helm, Kustomize and plain manifests', () => {
  const dir = tempDir(files, 'epg-net-rendered-');
  dirs.push(dir);
  const r = scan({ paths: [dir], root: dir, config: withDefaults({ helm: [{ chart: 'charts/web', release: 'shop', namespace: 'shop' }] }) });

  it('covers the chart and overlay workloads in their rendered namespaces', () => {
    expect(r.findings.filter((f) => f.ruleId.startsWith('EKS-INPUT'))).toEqual([]);
    const rows = r.coverage!.workloads.map((w) => [w.namespace, w.kind, w.name, w.ingressIsolated, w.egressIsolated, w.selectingPolicies.join(',')]);
    expect(rows).toEqual([
      ['batch', 'CronJob', 'report', true, false, 'report'],
      ['shop', 'Deployment', 'shop-web', true, true, 'shop-deny'],
    ]);
    expect(r.coverage!.namespaces.find((n) => n.name === 'shop')).toMatchObject({ inScan: true, authoritative: true, defaultDenyIngress: ['shop-deny'], defaultDenyEgress: ['shop-deny'] });
  });

  it('reports the gaps at the overlay resource and the Namespace object', () => {
    const net = r.findings.filter((f) => /^EKS-NET-00[1-5]$/.test(f.ruleId)).map((f) => `${f.ruleId} ${f.location.file}:${f.location.line} ${f.resource?.name}`);
    expect(net).toEqual([
      'EKS-NET-002 namespaces.yaml:9 batch',
      'EKS-NET-003 namespaces.yaml:9 batch',
      'EKS-NET-005 overlay/cronjob.yaml:11 report',
    ]);
  });
});
