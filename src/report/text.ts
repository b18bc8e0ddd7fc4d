// --format text: findings grouped by file, for a terminal. Colour only on a TTY.
import type { Finding, Severity } from '../model.js';
import { summarize, type Report } from './report.js';
import { renderComplianceText } from '../compliance/render.js';
import { renderCoverageText } from './coverage.js';

const COLORS: Record<Severity, string> = { critical: '35;1', high: '31;1', medium: '33', low: '36', info: '2' };

export function renderText(r: Report, opts: { color: boolean }): string {
  const paint = (code: string, s: string) => (opts.color ? `\x1b[${code}m${s}\x1b[0m` : s);
  const lines: string[] = [];
  const byFile = new Map<string, Finding[]>();
  for (const f of r.findings) {
    const list = byFile.get(f.location.file) ?? [];
    list.push(f);
    byFile.set(f.location.file, list);
  }
  for (const [file, findings] of byFile) {
    lines.push(paint('4', file));
    for (const f of findings) {
      const where = `${f.location.line}:${f.location.column}`.padEnd(8);
      const sev = paint(COLORS[f.severity], f.severity.padEnd(8));
      const verdict = f.blocking ? paint('31;1', 'blocking') : f.mode;
      lines.push(`  ${where} ${sev} ${f.ruleId.padEnd(12)} ${f.message}  [${verdict}]`);
      const about: string[] = [];
      if (f.resource) {
        const ns = f.resource.namespace ? `${f.resource.namespace}/` : '';
        about.push(`${f.resource.kind} ${ns}${f.resource.name}`);
      }
      if (f.fieldPath) about.push(f.fieldPath);
      if (about.length) lines.push(paint('2', `  ${' '.repeat(8)} ${' '.repeat(8)} ${f.title}: ${about.join(' · ')}`));
    }
    lines.push('');
  }
  for (const e of r.errors) lines.push(paint('31', `error: ${e.file ? `${e.file}: ` : ''}${e.message}`));
  if (r.compliance) lines.push(renderComplianceText(r.compliance, paint));
  const coverage = r.coverage ? renderCoverageText(r.coverage, { color: opts.color }) : '';
  if (coverage) lines.push(coverage);
  const s = summarize(r);
  const counts = `${s.findings} finding${s.findings === 1 ? '' : 's'} (${s.blocking} blocking) in ${s.files} file${s.files === 1 ? '' : 's'}, ${s.documents} document${s.documents === 1 ? '' : 's'}`;
  if (s.blocking > 0) lines.push(paint('31;1', `✖ ${counts}: the gate fails.`));
  else lines.push(paint('32;1', `✔ ${counts}: the gate passes.`));
  return lines.join('\n') + '\n';
}
