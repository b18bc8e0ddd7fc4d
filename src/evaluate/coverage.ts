// Turns the coverage report the policies compute (entrypoint eks/main/coverage, see
// rego/main.rego) into the scan result's `coverage`: validated, sorted, with each workload
// and piece of engine evidence located at a line of a file the user edits.
import { InternalError } from '../errors.js';
import type { FieldPath } from '../model.js';
import type { EngineEvidence, NamespaceCoverage, NetworkCoverage, WorkloadCoverage } from '../report/coverage.js';
import type { ScanDocument } from './input.js';

type Raw = Record<string, unknown>;

const obj = (v: unknown): Raw => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Raw) : {});
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const bool = (v: unknown): boolean => v === true;
const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const strings = (v: unknown): string[] => list(v).filter((s): s is string => typeof s === 'string');
const path = (v: unknown): FieldPath => list(v).filter((s): s is string | number => typeof s === 'string' || typeof s === 'number');

function document(documents: readonly ScanDocument[], id: unknown): ScanDocument {
  const doc = typeof id === 'number' ? documents[id] : undefined;
  if (!doc) throw new InternalError(`the coverage report names document ${String(id)}, which is not in the scan; rebuild the policy bundle.`);
  return doc;
}

function workload(w: Raw, documents: readonly ScanDocument[]): WorkloadCoverage {
  const doc = document(documents, w.doc);
  return {
    kind: str(w.kind),
    namespace: str(w.namespace),
    name: str(w.name),
    location: doc.locate(path(w.path)),
    ingressIsolated: bool(w.ingressIsolated),
    egressIsolated: bool(w.egressIsolated),
    selectingPolicies: strings(w.selectingPolicies),
    ingressPolicies: strings(w.ingressPolicies),
    egressPolicies: strings(w.egressPolicies),
    allowAllIngress: bool(w.allowAllIngress),
    allowAllEgress: bool(w.allowAllEgress),
    dnsEgressAllowed: bool(w.dnsEgressAllowed),
    hostNetwork: bool(w.hostNetwork),
    securityGroupPolicies: strings(w.securityGroupPolicies),
    exempt: bool(w.exempt),
    authoritative: bool(w.authoritative),
    notes: strings(w.notes),
  };
}

function namespace(n: Raw): NamespaceCoverage {
  return {
    name: str(n.name),
    inScan: bool(n.inScan),
    exempt: bool(n.exempt),
    authoritative: bool(n.authoritative),
    policies: strings(n.policies),
    workloads: typeof n.workloads === 'number' ? n.workloads : 0,
    defaultDenyIngress: strings(n.defaultDenyIngress),
    defaultDenyEgress: strings(n.defaultDenyEgress),
    allowAllIngress: strings(n.allowAllIngress),
    allowAllEgress: strings(n.allowAllEgress),
  };
}

function evidence(e: Raw, documents: readonly ScanDocument[]): EngineEvidence {
  const doc = typeof e.doc === 'number' ? documents[e.doc] : undefined;
  return {
    engine: str(e.engine),
    enabled: bool(e.enabled),
    detail: str(e.detail),
    ...(doc ? { location: doc.locate(path(e.path)) } : {}),
  };
}

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The scan result's `coverage` from the policies' raw report. */
export function buildCoverage(raw: unknown, documents: readonly ScanDocument[]): NetworkCoverage {
  const r = obj(raw);
  const workloads = list(r.workloads)
    .map((w) => workload(obj(w), documents))
    .sort((a, b) => byText(a.namespace, b.namespace) || byText(a.name, b.name) || byText(a.kind, b.kind) || byText(a.location.file, b.location.file) || a.location.line - b.location.line);
  const namespaces = list(r.namespaces).map((n) => namespace(obj(n))).sort((a, b) => byText(a.name, b.name));
  const engine = obj(r.engine);
  const status = engine.status === 'enabled' || engine.status === 'disabled' ? engine.status : 'unknown';
  const checked = workloads.filter((w) => !w.exempt);
  return {
    engine: {
      status,
      evidence: list(engine.evidence)
        .map((e) => evidence(obj(e), documents))
        .sort((a, b) => byText(a.location?.file ?? '', b.location?.file ?? '') || (a.location?.line ?? 0) - (b.location?.line ?? 0) || byText(a.detail, b.detail)),
    },
    summary: {
      workloads: workloads.length,
      checked: checked.length,
      ingressIsolated: checked.filter((w) => w.ingressIsolated).length,
      egressIsolated: checked.filter((w) => w.egressIsolated).length,
      namespaces: new Set(checked.map((w) => w.namespace)).size,
    },
    namespaces,
    workloads,
  };
}

/** The report of a scan with nothing to cover. */
export function emptyCoverage(): NetworkCoverage {
  return { engine: { status: 'unknown', evidence: [] }, summary: { workloads: 0, checked: 0, ingressIsolated: 0, egressIsolated: 0, namespaces: 0 }, namespaces: [], workloads: [] };
}
