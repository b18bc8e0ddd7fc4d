// What every output format receives: the scan's result and how the run was judged.
import type { RuleIndex } from '../evaluate/catalog.js';
import type { Finding, ScanError, ScannedFile } from '../model.js';
import type { ComplianceReport } from '../compliance/report.js';

export interface Report {
  files: ScannedFile[];
  documents: number;
  findings: Finding[];
  errors: ScanError[];
  rules: RuleIndex;
  /** Per selected compliance framework, the controls passed and failed. */
  compliance?: ComplianceReport;
}

export function summarize(r: Report) {
  return {
    files: r.files.length,
    documents: r.documents,
    findings: r.findings.length,
    blocking: r.findings.filter((f) => f.blocking).length,
    errors: r.errors.length,
  };
}
