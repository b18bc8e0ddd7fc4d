// The order of a report's findings (scan.ts sortFindings): file, line, column, rule, message,
// and the scan's order among equals. The files are compared by rank there; this checks the
// result against a plain comparison of every key on findings made to tie in every way.
import { describe, expect, it } from 'vitest';
import { sortFindings } from '../../src/scan.js';
import type { Finding } from '../../src/model.js';

function finding(i: number, file: string, line: number, column: number, ruleId: string, message: string): Finding {
  return {
    ruleId, title: '', severity: 'low', mode: 'enforce', blocking: false, message,
    location: { file, line, column, endLine: line }, fingerprint: `fp${i}`,
  };
}

const byKeys = (a: Finding, b: Finding): number => {
  const cmp = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
  return cmp(a.location.file, b.location.file) || a.location.line - b.location.line || a.location.column - b.location.column ||
    cmp(a.ruleId, b.ruleId) || cmp(a.message, b.message);
};

describe('sortFindings', () => {
  it('orders by file (code units), line, column, rule and message, keeping the scan order among equals', () => {
    // Files that share prefixes, differ in case and in non-ASCII characters.
    const files = ['b.yaml', 'a/b.yaml', 'a.yaml', 'A.yaml', 'a/é.yaml', 'a/z.yaml', 'charts/x/templates/d.yaml'];
    let seed = 7;
    const next = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2147483648), seed % n);
    const findings: Finding[] = [];
    for (let i = 0; i < 3000; i++) {
      findings.push(finding(i, files[next(files.length)] as string, 1 + next(4), 1 + next(2), `EKS-X-00${next(3)}`, `m${next(2)}`));
    }
    const expected = [...findings].sort(byKeys).map((f) => f.fingerprint);
    const copy = [...findings];
    expect(sortFindings(copy)).toBe(copy);
    expect(copy.map((f) => f.fingerprint)).toEqual(expected);
    // Ties exist (the same keys on many findings), so the scan order among equals is checked too.
    expect(new Set(findings.map((f) => `${f.location.file}|${f.location.line}|${f.location.column}|${f.ruleId}|${f.message}`)).size).toBeLessThan(findings.length);
  });

  it('takes an empty list', () => {
    expect(sortFindings([])).toEqual([]);
  });
});
