// The coverage renderers: text section and job-summary Markdown (escaping, order, truncation).
import { describe, expect, it } from 'vitest';
import { coverageSummary, renderCoverageMarkdown, renderCoverageText, type NetworkCoverage, type WorkloadCoverage } from '../../src/report/coverage.js';

const workload = (name: string, over: Partial<WorkloadCoverage> = {}): WorkloadCoverage => ({
  kind: 'Deployment', namespace: 'shop', name, location: { file: 'a.yaml', line: 1, column: 1, endLine: 1 },
  ingressIsolated: true, egressIsolated: true, selectingPolicies: ['deny'], ingressPolicies: ['deny'], egressPolicies: ['deny'],
  allowAllIngress: false, allowAllEgress: false, dnsEgressAllowed: true, hostNetwork: false, securityGroupPolicies: [],
  exempt: false, authoritative: true, notes: [], ...over,
});

const report = (workloads: WorkloadCoverage[], engine: NetworkCoverage['engine'] = { status: 'unknown', evidence: [] }): NetworkCoverage => {
  const checked = workloads.filter((w) => !w.exempt);
  return {
    engine,
    summary: {
      workloads: workloads.length, checked: checked.length, namespaces: new Set(checked.map((w) => w.namespace)).size,
      ingressIsolated: checked.filter((w) => w.ingressIsolated).length, egressIsolated: checked.filter((w) => w.egressIsolated).length,
    },
    namespaces: [{ name: 'shop', inScan: true, exempt: false, authoritative: true, policies: ['deny'], workloads: checked.length, defaultDenyIngress: ['deny'], defaultDenyEgress: [], allowAllIngress: [], allowAllEgress: [] }],
    workloads,
  };
};

describe('coverage renderers', () => {
  it('summarise, leaving system namespaces out', () => {
    const c = report([workload('a'), workload('b', { egressIsolated: false }), workload('coredns', { namespace: 'kube-system', exempt: true })]);
    expect(coverageSummary(c)).toBe('2 workloads in 1 namespace: 2 ingress-isolated, 1 egress-isolated (1 more in system namespaces, not checked)');
    expect(renderCoverageText(c, { color: false })).not.toContain('coredns');
  });

  it('render nothing without workloads', () => {
    expect(renderCoverageText(report([]), { color: false })).toBe('');
    expect(renderCoverageMarkdown(report([]))).toBeUndefined();
  });

  it('escape Markdown in cells and mark host-network and uncovered workloads', () => {
    const md = renderCoverageMarkdown(report([
      workload('a|b', { selectingPolicies: ['p_*1'], notes: ['note with | pipe'] }),
      workload('host', { hostNetwork: true, ingressIsolated: false, egressIsolated: false }),
      workload('open', { ingressIsolated: false, egressIsolated: true, dnsEgressAllowed: false, selectingPolicies: [] }),
    ]))!;
    const lines = md.split('\n');
    expect(lines[0]).toBe('### Network policy coverage');
    expect(lines).toContain('| shop | Deployment a\\|b | ✅ yes | ✅ yes | p\\_\\*1 | note with \\| pipe |');
    expect(lines).toContain('| shop | Deployment host | ⚠️ host network | ⚠️ host network | deny |  |');
    expect(lines).toContain('| shop | Deployment open | ❌ no | ✅ yes | — | DNS egress not allowed |');
    expect(md).toContain('- `shop`: egress');
  });

  it('list the uncovered first when there are too many rows, and say how many are left out', () => {
    const many = Array.from({ length: 30 }, (_, i) => workload(`w${String(i).padStart(2, '0')}`, { ingressIsolated: i % 10 !== 9 }));
    const md = renderCoverageMarkdown(report(many), { maxRows: 5 })!;
    const rows = md.split('\n').filter((l) => l.startsWith('| shop |'));
    expect(rows.map((r) => r.split(' | ')[1])).toEqual(['Deployment w09', 'Deployment w19', 'Deployment w29', 'Deployment w00', 'Deployment w01']);
    expect(md).toContain('_25 more workloads not shown;');
    const text = renderCoverageText(report(many), { color: false, maxRows: 5 });
    expect(text).toContain('… 25 more workloads (every one is in --format json).');
  });

  it('name the engine evidence', () => {
    const c = report([workload('a')], { status: 'disabled', evidence: [{ engine: 'vpc-cni', enabled: false, detail: 'ConfigMap kube-system/amazon-vpc-cni sets enable-network-policy-controller: "false"' }] });
    expect(renderCoverageText(c, { color: false })).toContain('NetworkPolicy engine: NOT enforced (ConfigMap kube-system/amazon-vpc-cni sets enable-network-policy-controller: "false").');
  });
});
