// What every output format receives: the scan's result and how the run was judged.
import type { RuleIndex } from '../evaluate/catalog.js';
import type { Finding, ScanError, ScannedFile } from '../model.js';
import type { ComplianceReport } from '../compliance/report.js';
import type { SuppressedFinding } from '../gate/suppress.js';
import type { NetworkCoverage } from './coverage.js';

export interface Report {
  files: ScannedFile[];
  documents: number;
  findings: Finding[];
  errors: ScanError[];
  rules: RuleIndex;
  /** Per selected compliance framework, the controls passed and failed. */
  compliance?: ComplianceReport;
  /** Accepted findings: not listed in JSON or text, carried in SARIF with `suppressions`. */
  suppressed?: SuppressedFinding[];
  /** NetworkPolicy coverage per workload and namespace (rules.md §6.7). */
  coverage?: NetworkCoverage;
  /** The base revision findings were compared with (CLI --base, action gate: new). */
  baseline?: { ref: string; commit: string };
}

export function summarize(r: Report) {
  return {
    files: r.files.length,
    documents: r.documents,
    findings: r.findings.length,
    blocking: r.findings.filter((f) => f.blocking).length,
    errors: r.errors.length,
    ...(r.baseline ? { new: r.findings.filter((f) => f.baseline === 'new').length } : {}),
    ...(r.suppressed?.length ? { suppressed: r.suppressed.length } : {}),
  };
}
