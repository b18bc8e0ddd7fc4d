// --format text: findings grouped by file, for a terminal. Colour only on a TTY.
import type { Finding, Severity } from '../model.js';
import { summarize, type Report } from './report.js';
import { renderComplianceText } from '../compliance/render.js';
import { renderCoverageText } from './coverage.js';

const COLORS: Record<Severity, string> = { critical: '35;1', high: '31;1', medium: '33', low: '36', info: '2' };

/**
 * Hands `sink` the text report in pieces, each one or more whole lines: a file's name, one
 * finding's lines, an error, the compliance and coverage sections, the verdict. Joined, they
 * are renderText's text. A scan of 10,000 documents has 50,000 findings and a report of
 * 17 MB, which as one string (two bytes a character once the verdict's ✔ or ✖ joins it) and
 * its encoded copy cost about 70 MB; in pieces it is written a batch at a time (output.ts).
 */
export function writeText(r: Report, opts: { color: boolean }, sink: (piece: string) => void): void {
  const paint = (code: string, s: string) => (opts.color ? `\x1b[${code}m${s}\x1b[0m` : s);
  const byFile = new Map<string, Finding[]>();
  for (const f of r.findings) {
    const list = byFile.get(f.location.file);
    if (list) list.push(f);
    else byFile.set(f.location.file, [f]);
  }
  const indent = `  ${' '.repeat(8)} ${' '.repeat(8)} `;
  for (const [file, findings] of byFile) {
    sink(`${paint('4', file)}\n`);
    for (const f of findings) {
      const where = `${f.location.line}:${f.location.column}`.padEnd(8);
      const sev = paint(COLORS[f.severity], f.severity.padEnd(8));
      const verdict = f.blocking ? paint('31;1', 'blocking') : f.mode;
      let piece = `  ${where} ${sev} ${f.ruleId.padEnd(12)} ${f.message}  [${verdict}]\n`;
      const about: string[] = [];
      if (f.resource) {
        const ns = f.resource.namespace ? `${f.resource.namespace}/` : '';
        about.push(`${f.resource.kind} ${ns}${f.resource.name}`);
      }
      if (f.fieldPath) about.push(f.fieldPath);
      if (about.length) piece += `${paint('2', `${indent}${f.title}: ${about.join(' · ')}`)}\n`;
      sink(piece);
    }
    sink('\n');
  }
  for (const e of r.errors) sink(`${paint('31', `error: ${e.file ? `${e.file}: ` : ''}${e.message}`)}\n`);
  if (r.compliance) sink(`${renderComplianceText(r.compliance, paint)}\n`);
  const coverage = r.coverage ? renderCoverageText(r.coverage, { color: opts.color }) : '';
  if (coverage) sink(`${coverage}\n`);
  const s = summarize(r);
  const counts = `${s.findings} finding${s.findings === 1 ? '' : 's'} (${s.blocking} blocking) in ${s.files} file${s.files === 1 ? '' : 's'}, ${s.documents} document${s.documents === 1 ? '' : 's'}`;
  if (s.blocking > 0) sink(`${paint('31;1', `✖ ${counts}: the gate fails.`)}\n`);
  else sink(`${paint('32;1', `✔ ${counts}: the gate passes.`)}\n`);
}

/** The text report as one string (writeText's pieces joined). */
export function renderText(r: Report, opts: { color: boolean }): string {
  const pieces: string[] = [];
  writeText(r, opts, (piece) => pieces.push(piece));
  return pieces.join('');
}
