// The network-policy coverage section of the job summary. The coverage report comes from the
// network rules' engineer (issue 4): an optional `coverage` section of the scan result and a
// Markdown renderer in src/report/. Until both exist this returns undefined and the summary
// leaves the section out.
//
// HOOK: when src/report/ exports the coverage renderer, call it here, e.g.
//   import { renderCoverageMarkdown } from '../report/coverage.js';
//   return result.coverage ? renderCoverageMarkdown(result.coverage) : undefined;
import type { ScanResult } from '../scan.js';

export function coverageMarkdown(result: ScanResult): string | undefined {
  const coverage = (result as ScanResult & { coverage?: unknown }).coverage;
  if (coverage === undefined || coverage === null) return undefined;
  return undefined;
}
