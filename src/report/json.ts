// --format json: the contract of product.md §4, schema in docs/output.schema.json.
import { NAME, VERSION } from '../version.js';
import { summarize, type Report } from './report.js';

/** The JSON report as a value (report/output.ts writes it in batches). */
export function jsonReport(r: Report) {
  return {
    tool: { name: NAME, version: VERSION },
    summary: summarize(r),
    findings: r.findings,
    errors: r.errors,
    ...(r.compliance ? { compliance: r.compliance } : {}),
    ...(r.coverage ? { coverage: r.coverage } : {}),
  };
}

export function renderJson(r: Report): string {
  return JSON.stringify(jsonReport(r), null, 2) + '\n';
}
