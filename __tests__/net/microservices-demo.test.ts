// NetworkPolicy coverage on a real application: Online Boutique (GoogleCloudPlatform/
// microservices-demo) with and without its 13 NetworkPolicies, read in place from the shared
// corpus (skipped when the corpus is absent).
import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { Ajv } from 'ajv';
import { scan } from '../../src/scan.js';
import { withDefaults } from '../../src/config/config.js';
import { renderJson } from '../../src/report/json.js';
import { renderText } from '../../src/report/text.js';
import { renderCoverageMarkdown } from '../../src/report/coverage.js';
import { CORPUS, ROOT } from '../helpers.js';

const DEMO = path.join(CORPUS, 'k8s/microservices-demo');
const RELEASE = path.join(DEMO, 'release');
const POLICIES = path.join(DEMO, 'kustomize/components/network-policies');
const SERVICES = [
  'adservice', 'cartservice', 'checkoutservice', 'currencyservice', 'emailservice', 'frontend', 'loadgenerator',
  'paymentservice', 'productcatalogservice', 'recommendationservice', 'redis-cart', 'shippingservice',
];

describe.skipIf(!fs.existsSync(DEMO))('microservices-demo', () => {
  const config = withDefaults({});
  const withPolicies = scan({ paths: [RELEASE, POLICIES], root: DEMO, config });
  const without = scan({ paths: [RELEASE], root: DEMO, config });

  it('with its NetworkPolicies, every workload is ingress-isolated (and egress-isolated)', () => {
    const c = withPolicies.coverage!;
    expect(c.workloads.map((w) => `${w.namespace}/${w.kind}/${w.name}`)).toEqual(SERVICES.map((s) => `default/Deployment/${s}`));
    for (const w of c.workloads) {
      expect(w, w.name).toMatchObject({ ingressIsolated: true, egressIsolated: true, hostNetwork: false, exempt: false, authoritative: false });
      // The namespace-wide deny-all plus the service's own policy (named after the service).
      expect(w.selectingPolicies).toEqual(['deny-all', w.name].sort());
      // The load generator's own policy lists only Egress: the deny-all isolates its ingress.
      expect(w.ingressPolicies).toEqual(w.name === 'loadgenerator' ? ['deny-all'] : ['deny-all', w.name].sort());
      expect(w.location.file).toBe('release/kubernetes-manifests.yaml');
    }
    expect(c.summary).toEqual({ workloads: 12, checked: 12, ingressIsolated: 12, egressIsolated: 12, namespaces: 1 });
    // The frontend is public on purpose (`ingress: [{}]`); every policy allows all egress (`egress: [{}]`).
    expect(c.workloads.filter((w) => w.allowAllIngress).map((w) => w.name)).toEqual(['frontend']);
    expect(c.workloads.every((w) => w.allowAllEgress && w.dnsEgressAllowed)).toBe(true);
    expect(c.namespaces).toEqual([{
      name: 'default', inScan: false, exempt: false, authoritative: false,
      policies: ['deny-all', ...SERVICES].sort(), workloads: 12,
      defaultDenyIngress: ['deny-all'], defaultDenyEgress: ['deny-all'], allowAllIngress: [], allowAllEgress: [],
    }]);
    expect(c.engine).toEqual({ status: 'unknown', evidence: [] });
  });

  it('with its NetworkPolicies, no workload is reported uncovered', () => {
    const ids = new Set(withPolicies.findings.map((f) => f.ruleId));
    for (const id of ['EKS-NET-001', 'EKS-NET-002', 'EKS-NET-003', 'EKS-NET-004', 'EKS-NET-005', 'EKS-NET-007']) expect(ids.has(id), id).toBe(false);
    // The allow-all rules are reported, for the pods they open (not namespace-wide).
    const net006 = withPolicies.findings.filter((f) => f.ruleId === 'EKS-NET-006');
    expect(net006.map((f) => f.severity)).toEqual(Array(13).fill('low'));
    expect(net006.map((f) => f.fieldPath).sort()).toEqual([...Array(12).fill('spec.egress[0]'), 'spec.ingress[0]']);
  });

  it('without them, every workload is uncovered', () => {
    const c = without.coverage!;
    expect(c.workloads.map((w) => w.name)).toEqual(SERVICES);
    for (const w of c.workloads) expect(w, w.name).toMatchObject({ ingressIsolated: false, egressIsolated: false, selectingPolicies: [] });
    expect(c.summary).toEqual({ workloads: 12, checked: 12, ingressIsolated: 0, egressIsolated: 0, namespaces: 1 });
    expect(c.namespaces[0]).toMatchObject({ name: 'default', policies: [], defaultDenyIngress: [], defaultDenyEgress: [] });
  });

  it('without them, a partial bundle says so once; an authoritative one fails every workload', () => {
    // The default namespace's object is not in the scan: NetworkPolicies may be applied elsewhere.
    const net = without.findings.filter((f) => /^EKS-NET-00[1-7]$/.test(f.ruleId));
    expect(net.map((f) => [f.ruleId, f.severity])).toEqual([['EKS-NET-001', 'info']]);
    expect(net[0]!.message).toMatch(/^not evaluable \(the scan is not authoritative for namespace default\): namespace default has no NetworkPolicy/);
    const all = scan({ paths: [RELEASE], root: DEMO, config: withDefaults({ namespaces: { authoritative: 'all' } }) });
    const isolation = all.findings.filter((f) => f.ruleId === 'EKS-NET-004');
    expect(isolation.map((f) => f.resource?.name).sort()).toEqual(SERVICES);
    expect(isolation.every((f) => f.severity === 'high' && f.blocking && f.fieldPath === 'spec.template.metadata.labels')).toBe(true);
    expect(all.findings.filter((f) => f.ruleId === 'EKS-NET-005')).toHaveLength(12);
    expect(all.findings.filter((f) => /^EKS-NET-00[123]$/.test(f.ruleId)).map((f) => f.ruleId)).toEqual(['EKS-NET-001', 'EKS-NET-002', 'EKS-NET-003']);
  });

  it('puts the report in JSON (valid against the published schema), text and the job summary', () => {
    const schema = JSON.parse(fs.readFileSync(path.join(ROOT, 'docs/output.schema.json'), 'utf8'));
    const validate = new Ajv({ allErrors: true }).compile(schema);
    for (const r of [withPolicies, without]) {
      const out = JSON.parse(renderJson(r));
      expect(validate(out), JSON.stringify(validate.errors)).toBe(true);
      expect(out.coverage.workloads).toHaveLength(12);
    }
    const text = renderText(withPolicies, { color: false });
    expect(text).toContain('NetworkPolicy coverage: 12 workloads in 1 namespace: 12 ingress-isolated, 12 egress-isolated');
    expect(text).toMatch(/default\/Deployment\/frontend +yes \(allow-all\) +yes \(allow-all\) +deny-all, frontend/);
    const markdown = renderCoverageMarkdown(withPolicies.coverage!)!;
    const rows = markdown.split('\n').filter((l) => l.startsWith('| default |'));
    expect(rows).toHaveLength(12);
    expect(rows[5]).toBe('| default | Deployment frontend | ✅ yes (allow-all) | ✅ yes (allow-all) | deny-all, frontend |  |');
    const bare = renderCoverageMarkdown(without.coverage!)!;
    expect(bare.split('\n').filter((l) => l.startsWith('| default |')).every((l) => l.includes('| ❌ no | ❌ no | — |'))).toBe(true);
    expect(bare).toContain('- `default`: ingress and egress (not authoritative: its Namespace object is not in the scan)');
    if (process.env.EKS_POLICY_GATE_PRINT_COVERAGE) console.log(`${markdown}\n${bare}`);
  });
});
