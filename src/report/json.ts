// --format json: the contract of product.md §4, schema in docs/output.schema.json.
import { NAME, VERSION } from '../version.js';
import { summarize, type Report } from './report.js';

export function renderJson(r: Report): string {
  return JSON.stringify(
    {
      tool: { name: NAME, version: VERSION },
      summary: summarize(r),
      findings: r.findings,
      errors: r.errors,
      ...(r.compliance ? { compliance: r.compliance } : {}),
      ...(r.coverage ? { coverage: r.coverage } : {}),
    },
    null,
    2,
  ) + '\n';
}
