// The NetworkPolicy facts implementers most often get wrong (rules.md §6 and §14.8), through
// the whole pipeline: YAML files in, coverage and findings (at their lines) out.
import { afterAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import { scan, type ScanResult } from '../../src/scan.js';
import { withDefaults } from '../../src/config/config.js';
import { tempDir } from '../helpers.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

const NAMESPACE = 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n';

const deployment = (name: string, labels: string, ns = 'shop') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: ${ns}
  labels:
    owner: team
spec:
  selector:
    matchLabels:
      selector: ${name}
  template:
    metadata:
      labels:
${labels}
    spec:
      containers:
        - name: app
          image: app
`;

function run(files: Record<string, string>): ScanResult {
  const dir = tempDir(files, 'epg-net-');
  dirs.push(dir);
  return scan({ paths: [dir], root: dir, config: withDefaults({}) });
}

const cov = (r: ScanResult, name: string) => {
  const w = r.coverage!.workloads.find((x) => x.name === name);
  if (!w) throw new Error(`no workload ${name}`);
  return w;
};
const at = (r: ScanResult, rule: string) => r.findings.filter((f) => f.ruleId === rule).map((f) => `${f.location.file}:${f.location.line} ${f.severity} ${f.resource?.name}`);

describe('NetworkPolicy traps', () => {
  it('a CronJob is matched on spec.jobTemplate.spec.template.metadata.labels', () => {
    const cronjob = `apiVersion: batch/v1
kind: CronJob
metadata:
  name: report
  namespace: shop
  labels:
    app: wrong
spec:
  schedule: "@daily"
  jobTemplate:
    metadata:
      labels:
        app: also-wrong
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
`;
    const policy = (app: string) => `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: np-${app}
  namespace: shop
spec:
  podSelector:
    matchLabels:
      app: ${app}
  policyTypes: [Ingress]
`;
    const good = run({ 'ns.yaml': NAMESPACE, 'cron.yaml': cronjob, 'np.yaml': policy('report') });
    expect(cov(good, 'report')).toMatchObject({ kind: 'CronJob', ingressIsolated: true, selectingPolicies: ['np-report'] });
    expect(at(good, 'EKS-NET-004')).toEqual([]);
    const wrong = run({ 'ns.yaml': NAMESPACE, 'cron.yaml': cronjob, 'np.yaml': `${policy('wrong')}---\n${policy('also-wrong')}` });
    expect(cov(wrong, 'report')).toMatchObject({ ingressIsolated: false, selectingPolicies: [] });
    // Reported at the template's labels (line 17 of cron.yaml).
    expect(at(wrong, 'EKS-NET-004')).toEqual(['cron.yaml:17 high report']);
    expect(cov(wrong, 'report').location).toMatchObject({ file: 'cron.yaml', line: 17 });
  });

  it('NotIn matches pods that lack the key', () => {
    const r = run({
      'ns.yaml': NAMESPACE,
      'web.yaml': deployment('web', '        app: web'),
      'db.yaml': deployment('db', '        app: db\n        tier: db'),
      'np.yaml': `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: not-db
  namespace: shop
spec:
  podSelector:
    matchExpressions:
      - { key: tier, operator: NotIn, values: [db] }
  policyTypes: [Ingress]
`,
    });
    expect(cov(r, 'web')).toMatchObject({ ingressIsolated: true, selectingPolicies: ['not-db'] });
    expect(cov(r, 'db')).toMatchObject({ ingressIsolated: false, selectingPolicies: [] });
    expect(at(r, 'EKS-NET-004')).toEqual(['db.yaml:14 high db']);
  });

  it('an egress-only policy without policyTypes also isolates ingress', () => {
    const r = run({
      'ns.yaml': NAMESPACE,
      'web.yaml': deployment('web', '        app: web'),
      'np.yaml': `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: egress-only
  namespace: shop
spec:
  podSelector:
    matchLabels: { app: web }
  egress:
    - to:
        - ipBlock: { cidr: 10.0.0.0/8 }
`,
    });
    expect(cov(r, 'web')).toMatchObject({ ingressIsolated: true, egressIsolated: true, ingressPolicies: ['egress-only'] });
    expect(cov(r, 'web').notes).toContain('policy egress-only has egress rules and no policyTypes: it isolates ingress too (allowing none it does not list)');
    expect(at(r, 'EKS-NET-004')).toEqual([]);
  });

  it('`egress: []` without policyTypes does not isolate egress (nor default-deny it)', () => {
    const r = run({
      'ns.yaml': NAMESPACE,
      'web.yaml': deployment('web', '        app: web'),
      'np.yaml': `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: deny
  namespace: shop
spec:
  podSelector: {}
  egress: []
`,
    });
    expect(cov(r, 'web')).toMatchObject({ ingressIsolated: true, egressIsolated: false });
    expect(at(r, 'EKS-NET-002')).toEqual([]);
    expect(at(r, 'EKS-NET-003')).toEqual(['ns.yaml:4 medium shop']);
    expect(r.findings.find((f) => f.ruleId === 'EKS-NET-003')!.message).toContain('policy deny selects every pod but does not list Egress in policyTypes');
    expect(at(r, 'EKS-NET-005')).toEqual(['web.yaml:14 medium web']);
  });

  it('`ingress: [{}]` allows everything: it is not a deny-all', () => {
    const r = run({
      'ns.yaml': NAMESPACE,
      'web.yaml': deployment('web', '        app: web'),
      'np.yaml': `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: open
  namespace: shop
spec:
  podSelector: {}
  ingress:
    - {}
`,
    });
    expect(cov(r, 'web')).toMatchObject({ ingressIsolated: true, allowAllIngress: true });
    expect(r.coverage!.namespaces.find((n) => n.name === 'shop')).toMatchObject({ defaultDenyIngress: [], allowAllIngress: ['open'] });
    expect(at(r, 'EKS-NET-002')).toEqual(['ns.yaml:4 high shop']);
    expect(at(r, 'EKS-NET-006')).toEqual(['np.yaml:9 medium open']);
  });

  it('`podSelector:` left empty by a Helm template (null) selects every pod', () => {
    const r = run({
      'ns.yaml': NAMESPACE,
      'web.yaml': deployment('web', '        app: web'),
      'api.yaml': deployment('api', '        app: api'),
      'np.yaml': `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: default-deny
  namespace: shop
spec:
  podSelector:
  policyTypes:
    - Ingress
    - Egress
`,
    });
    for (const name of ['web', 'api']) expect(cov(r, name)).toMatchObject({ ingressIsolated: true, egressIsolated: true, selectingPolicies: ['default-deny'] });
    expect(r.coverage!.namespaces.find((n) => n.name === 'shop')).toMatchObject({ defaultDenyIngress: ['default-deny'], defaultDenyEgress: ['default-deny'] });
    expect([...at(r, 'EKS-NET-002'), ...at(r, 'EKS-NET-003'), ...at(r, 'EKS-NET-004'), ...at(r, 'EKS-NET-005')]).toEqual([]);
  });

  it('peers: selectors in one element are ANDed, separate elements ORed', () => {
    const policy = (from: string) => `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: from-monitoring
  namespace: shop
spec:
  podSelector: {}
  policyTypes: [Ingress]
  ingress:
    - from:
${from}
`;
    // One element: pods labelled app=prometheus, in any namespace.
    const and = run({ 'ns.yaml': NAMESPACE, 'np.yaml': policy('        - namespaceSelector: {}\n          podSelector:\n            matchLabels: { app: prometheus }') });
    expect(at(and, 'EKS-NET-006')).toEqual([]);
    // Two elements: every pod of every namespace, or app=prometheus pods here.
    const or = run({ 'ns.yaml': NAMESPACE, 'np.yaml': policy('        - namespaceSelector: {}\n        - podSelector:\n            matchLabels: { app: prometheus }') });
    expect(at(or, 'EKS-NET-006')).toEqual(['np.yaml:10 medium from-monitoring']);
    expect(or.findings.find((f) => f.ruleId === 'EKS-NET-006')!.message).toContain('a peer selects every namespace (namespaceSelector: {} without podSelector)');
  });

  it('a policy in another namespace selects nothing here', () => {
    const r = run({
      'ns.yaml': NAMESPACE,
      'web.yaml': deployment('web', '        app: web'),
      'np.yaml': `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: default-deny
  namespace: other
spec:
  podSelector: {}
  policyTypes: [Ingress, Egress]
`,
    });
    expect(cov(r, 'web')).toMatchObject({ ingressIsolated: false, egressIsolated: false, selectingPolicies: [] });
    expect(at(r, 'EKS-NET-001')).toEqual(['ns.yaml:4 medium shop']);
    expect(at(r, 'EKS-NET-004')).toEqual(['web.yaml:14 high web']);
    expect(r.coverage!.namespaces.map((n) => [n.name, n.defaultDenyIngress])).toEqual([['other', ['default-deny']], ['shop', []]]);
  });

  it('matchExpressions are not match-all, and the implicit namespace label is known', () => {
    const r = run({
      'ns.yaml': NAMESPACE,
      'web.yaml': deployment('web', '        app: web'),
      'np.yaml': `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: api-only
  namespace: shop
spec:
  podSelector:
    matchExpressions:
      - { key: app, operator: In, values: [api] }
  policyTypes: [Ingress, Egress]
  egress:
    - to:
        - namespaceSelector:
            matchLabels: { kubernetes.io/metadata.name: kube-system }
          podSelector:
            matchLabels: { k8s-app: kube-dns }
      ports:
        - { protocol: UDP, port: 53 }
`,
    });
    expect(cov(r, 'web')).toMatchObject({ ingressIsolated: false, selectingPolicies: [] });
  });

  it('host-network pods are not enforceable, and DNS must be allowed where egress is denied', () => {
    const host = deployment('agent', '        app: agent').replace('    spec:\n      containers:', '    spec:\n      hostNetwork: true\n      containers:');
    const r = run({
      'ns.yaml': NAMESPACE,
      'agent.yaml': host,
      'web.yaml': deployment('web', '        app: web'),
      'np.yaml': 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: deny\n  namespace: shop\nspec:\n  podSelector: {}\n  policyTypes: [Ingress, Egress]\n',
    });
    expect(cov(r, 'agent')).toMatchObject({ hostNetwork: true, ingressIsolated: false, egressIsolated: false, selectingPolicies: ['deny'] });
    expect(at(r, 'EKS-NET-004')).toEqual(['agent.yaml:17 info agent']);
    expect(cov(r, 'web')).toMatchObject({ egressIsolated: true, dnsEgressAllowed: false });
    expect(at(r, 'EKS-NET-007')).toEqual(['web.yaml:14 low web']);
  });
});
