// Records each hostile case a test tries (what went in, what came out, how long it took) and
// prints them as one table when the file's tests end. With HOSTILE_REPORT=<file> the rows are
// also appended to that file as JSON lines, for the closing note.
import fs from 'node:fs';
import { afterAll } from 'vitest';
import { withDefaults, type Config } from '../../src/config/config.js';
import { scan, type ScanResult } from '../../src/scan.js';

export interface Row {
  suite: string;
  case: string;
  outcome: string;
  ms: number;
}

const rows: Row[] = [];

/** Runs `fn`, records its time and the outcome it describes, and returns its result. */
export function timed<T>(suite: string, name: string, fn: () => T, outcome: (r: T) => string): T {
  const t0 = performance.now();
  const r = fn();
  rows.push({ suite, case: name, outcome: outcome(r), ms: Math.round(performance.now() - t0) });
  return r;
}

/** A whole scan of `dir`, recorded with its internal errors and input findings. */
export function timedScan(suite: string, name: string, dir: string, config: Config = withDefaults({})): ScanResult {
  return timed(suite, name, () => scan({ paths: [dir], root: dir, config }), (x) => `${x.errors.length} internal errors; ${ruleSummary(x.findings)}`);
}

export async function timedAsync<T>(suite: string, name: string, fn: () => Promise<T>, outcome: (r: T) => string): Promise<T> {
  const t0 = performance.now();
  const r = await fn();
  rows.push({ suite, case: name, outcome: outcome(r), ms: Math.round(performance.now() - t0) });
  return r;
}

// Registered when a test file imports this module (hooks cannot be added from inside a test).
afterAll(() => {
  if (rows.length === 0) return;
  const table = ['| suite | case | outcome | ms |', '|---|---|---|---:|', ...rows.map((r) => `| ${r.suite} | ${r.case} | ${r.outcome.replace(/\|/g, '\\|')} | ${r.ms} |`)].join('\n');
  console.log(`\n${table}\n`);
  const file = process.env.HOSTILE_REPORT;
  if (file) fs.appendFileSync(file, rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
});

/** The rule IDs of findings, sorted, with their counts: `EKS-INPUT-005 x2, EKS-PSB-002`. */
export function ruleSummary(findings: ReadonlyArray<{ ruleId: string }>, filter = /^EKS-INPUT-/): string {
  const counts = new Map<string, number>();
  for (const f of findings) if (filter.test(f.ruleId)) counts.set(f.ruleId, (counts.get(f.ruleId) ?? 0) + 1);
  const parts = [...counts.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([id, n]) => (n > 1 ? `${id} x${n}` : id));
  return parts.length ? parts.join(', ') : 'no input finding';
}
