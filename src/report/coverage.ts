// The NetworkPolicy coverage report (rules.md §6.7): per workload (pod carrier) whether its
// pods are isolated for ingress and egress and which policies select them, per namespace its
// default-denies, and what the scan says about the engine that enforces NetworkPolicy. It is
// computed by the policies (rego/lib/netpol.rego, entrypoint eks/main/coverage), located by
// src/evaluate/coverage.ts, and rendered here for the text output and the job summary.
import type { Location } from '../model.js';

export interface WorkloadCoverage {
  kind: string;
  namespace: string;
  name: string;
  /** The pod template's labels (where a NetworkPolicy's podSelector must match). */
  location: Location;
  ingressIsolated: boolean;
  egressIsolated: boolean;
  /** NetworkPolicies of the workload's namespace whose podSelector matches its pods. */
  selectingPolicies: string[];
  /** Of those, the ones with Ingress (Egress) in their effective policyTypes. */
  ingressPolicies: string[];
  egressPolicies: string[];
  allowAllIngress: boolean;
  allowAllEgress: boolean;
  dnsEgressAllowed: boolean;
  hostNetwork: boolean;
  securityGroupPolicies: string[];
  /** In a system namespace (config namespaces.system): not checked. */
  exempt: boolean;
  /** The scan holds every object of the namespace (rules.md §10). */
  authoritative: boolean;
  notes: string[];
}

export interface NamespaceCoverage {
  name: string;
  /** Its Namespace object is in the scan. */
  inScan: boolean;
  exempt: boolean;
  authoritative: boolean;
  policies: string[];
  workloads: number;
  defaultDenyIngress: string[];
  defaultDenyEgress: string[];
  /** Namespace-wide policies with an allow-all rule: they void the default-deny. */
  allowAllIngress: string[];
  allowAllEgress: string[];
}

export interface EngineEvidence {
  engine: string;
  enabled: boolean;
  detail: string;
  location?: Location;
}

export interface NetworkCoverage {
  /** Whether a NetworkPolicy engine enforces the policies: from the scan's objects only. */
  engine: { status: 'enabled' | 'disabled' | 'unknown'; evidence: EngineEvidence[] };
  summary: { workloads: number; checked: number; ingressIsolated: number; egressIsolated: number; namespaces: number };
  namespaces: NamespaceCoverage[];
  workloads: WorkloadCoverage[];
}

const ENGINE_TEXT: Record<NetworkCoverage['engine']['status'], string> = {
  enabled: 'enforced',
  disabled: 'NOT enforced',
  unknown: 'enforcement unknown',
};

function engineLine(c: NetworkCoverage): string {
  const { status, evidence } = c.engine;
  if (status === 'unknown') {
    return 'NetworkPolicy engine: unknown (no VPC CNI, Calico or Cilium configuration in the scan); the policies apply only if the cluster enforces them (EKS-NET-008).';
  }
  const shown = evidence.filter((e) => e.enabled === (status === 'enabled'));
  return `NetworkPolicy engine: ${ENGINE_TEXT[status]} (${shown.map((e) => e.detail).join('; ')}).`;
}

/** The workloads a report shows: those that are checked (not in a system namespace). */
function checked(c: NetworkCoverage): WorkloadCoverage[] {
  return c.workloads.filter((w) => !w.exempt);
}

function isolation(isolated: boolean, w: WorkloadCoverage, allowAll: boolean): string {
  if (w.hostNetwork) return 'host network';
  if (!isolated) return 'no';
  return allowAll ? 'yes (allow-all)' : 'yes';
}

/** One line summing the report up, e.g. "12 workloads: 12 ingress-isolated, 11 egress-isolated". */
export function coverageSummary(c: NetworkCoverage): string {
  const s = c.summary;
  const exempt = s.workloads - s.checked;
  return (
    `${s.checked} workload${s.checked === 1 ? '' : 's'} in ${s.namespaces} namespace${s.namespaces === 1 ? '' : 's'}: ` +
    `${s.ingressIsolated} ingress-isolated, ${s.egressIsolated} egress-isolated` +
    (exempt > 0 ? ` (${exempt} more in system namespaces, not checked)` : '')
  );
}

/** Workloads to list when there are too many: the uncovered first, then the rest, in order. */
function pick(rows: WorkloadCoverage[], max: number): WorkloadCoverage[] {
  if (rows.length <= max) return rows;
  const gaps = rows.filter((w) => !w.ingressIsolated || !w.egressIsolated);
  const rest = rows.filter((w) => w.ingressIsolated && w.egressIsolated);
  return [...gaps, ...rest].slice(0, max);
}

/** The coverage section of `--format text`; empty when the scan has no workload. */
export function renderCoverageText(c: NetworkCoverage, opts: { color: boolean; maxRows?: number }): string {
  const rows = checked(c);
  if (rows.length === 0) return '';
  const paint = (code: string, s: string) => (opts.color ? `\x1b[${code}m${s}\x1b[0m` : s);
  const max = opts.maxRows ?? 50;
  const shown = pick(rows, max);
  const name = (w: WorkloadCoverage) => `${w.namespace}/${w.kind}/${w.name}`;
  const width = Math.max(8, ...shown.map((w) => name(w).length));
  const cell = (v: string) => (v.startsWith('no') ? paint('31', v.padEnd(16)) : v.padEnd(16));
  const lines = [paint('1', `NetworkPolicy coverage: ${coverageSummary(c)}`), `  ${engineLine(c)}`];
  lines.push(paint('2', `  ${'workload'.padEnd(width)}  ${'ingress'.padEnd(16)}${'egress'.padEnd(16)}policies`));
  shown.forEach((w) => {
    const policies = w.selectingPolicies.length ? w.selectingPolicies.join(', ') : '-';
    lines.push(`  ${name(w).padEnd(width)}  ${cell(isolation(w.ingressIsolated, w, w.allowAllIngress))}${cell(isolation(w.egressIsolated, w, w.allowAllEgress))}${policies}`);
    for (const n of w.notes) lines.push(paint('2', `  ${' '.repeat(width)}  note: ${n}`));
  });
  if (shown.length < rows.length) lines.push(`  … ${rows.length - shown.length} more workloads (every one is in --format json).`);
  return lines.join('\n') + '\n';
}

/** Escapes text for a Markdown table cell. */
function md(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/[\r\n]+/g, ' ').replace(/([*_`[\]<>])/g, '\\$1');
}

const MARK = { yes: '✅', no: '❌', host: '⚠️' };

function mark(isolated: boolean, w: WorkloadCoverage, allowAll: boolean): string {
  if (w.hostNetwork) return `${MARK.host} host network`;
  if (!isolated) return `${MARK.no} no`;
  return allowAll ? `${MARK.yes} yes (allow-all)` : `${MARK.yes} yes`;
}

/**
 * The coverage section of the job summary (Markdown, starting with its heading): the engine
 * status, one row per checked workload (the uncovered first when there are more than
 * `maxRows`), and the namespaces without a default-deny. Undefined when the scan has no workload.
 */
export function renderCoverageMarkdown(c: NetworkCoverage, opts: { maxRows?: number } = {}): string | undefined {
  const rows = checked(c);
  if (rows.length === 0) return undefined;
  const max = opts.maxRows ?? 200;
  const shown = pick(rows, max);
  const out = ['### Network policy coverage', '', `${md(coverageSummary(c))}.`, '', md(engineLine(c)), ''];
  out.push('| Namespace | Workload | Ingress | Egress | Selected by | Notes |', '|---|---|---|---|---|---|');
  for (const w of shown) {
    const policies = w.selectingPolicies.length ? w.selectingPolicies.map(md).join(', ') : '—';
    const notes = [...(w.dnsEgressAllowed ? [] : ['DNS egress not allowed']), ...w.notes].map(md).join('<br>') || '';
    out.push(`| ${md(w.namespace)} | ${md(w.kind)} ${md(w.name)} | ${mark(w.ingressIsolated, w, w.allowAllIngress)} | ${mark(w.egressIsolated, w, w.allowAllEgress)} | ${policies} | ${notes} |`);
  }
  if (shown.length < rows.length) out.push('', `_${rows.length - shown.length} more workloads not shown; every one is in \`eks-policy-gate scan --format json\` (\`coverage\`)._`);
  const gaps = c.namespaces.filter((n) => !n.exempt && n.workloads > 0 && (n.defaultDenyIngress.length === 0 || n.defaultDenyEgress.length === 0));
  if (gaps.length) {
    out.push('', 'Namespaces without a default-deny:', '');
    for (const n of gaps) {
      const missing = [n.defaultDenyIngress.length ? '' : 'ingress', n.defaultDenyEgress.length ? '' : 'egress'].filter(Boolean).join(' and ');
      out.push(`- \`${n.name}\`: ${missing}${n.authoritative ? '' : ' (not authoritative: its Namespace object is not in the scan)'}`);
    }
  }
  return out.join('\n') + '\n';
}
