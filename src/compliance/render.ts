// The compliance report as text (the end of `--format text`) and as Markdown (the job
// summary, which the GitHub Action writes; GitHub caps a summary at 1 MiB, and a report is a
// few kilobytes).
import type { ComplianceReport, ControlResult } from './report.js';

const MARK: Record<ControlResult['status'], string> = { passed: 'pass', failed: 'FAIL', 'not-assessed': 'n/a' };

export function renderComplianceText(report: ComplianceReport, paint: (code: string, s: string) => string = (_c, s) => s): string {
  const lines: string[] = [];
  for (const fw of report.frameworks) {
    const width = Math.min(28, Math.max(8, ...fw.controls.map((c) => c.id.length)));
    lines.push(paint('1', `Compliance: ${fw.title}`) + `  ${fw.passed} passed, ${fw.failed} failed, ${fw.notAssessed} not assessed`);
    for (const c of fw.controls) {
      const mark = c.status === 'failed' ? paint('31;1', MARK[c.status]) : c.status === 'passed' ? paint('32', MARK[c.status]) : paint('2', MARK[c.status]);
      const count = c.findings ? ` (${c.findings} finding${c.findings === 1 ? '' : 's'}${c.blocking ? `, ${c.blocking} blocking` : ''})` : '';
      lines.push(`  ${mark.padEnd(4 + (mark.length - MARK[c.status].length))} ${c.id.padEnd(width)} ${c.title ? `${c.title} ` : ''}[${c.rules.join(', ')}]${count}`);
    }
    lines.push('');
  }
  return lines.join('\n');
}

function cell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

export function renderComplianceMarkdown(report: ComplianceReport, opts: { ruleUrl?: (id: string) => string } = {}): string {
  const parts: string[] = ['## Compliance', ''];
  parts.push('| Framework | Passed | Failed | Not assessed |', '|---|---:|---:|---:|');
  for (const fw of report.frameworks) parts.push(`| [${cell(fw.title)}](${fw.url}) | ${fw.passed} | ${fw.failed} | ${fw.notAssessed} |`);
  parts.push('');
  const link = (id: string) => (opts.ruleUrl ? `[${id}](${opts.ruleUrl(id)})` : id);
  for (const fw of report.frameworks) {
    const open = fw.failed > 0 ? ' open' : '';
    parts.push(`<details${open}><summary><b>${cell(fw.title)}</b>: ${fw.passed} passed, ${fw.failed} failed, ${fw.notAssessed} not assessed</summary>`, '');
    parts.push('| Control | Status | Rules | Findings |', '|---|---|---|---:|');
    for (const c of fw.controls) {
      const status = c.status === 'failed' ? '❌ failed' : c.status === 'passed' ? '✅ passed' : '➖ not assessed';
      const name = c.url ? `[${cell(c.id)}](${c.url})` : cell(c.id);
      const findings = c.findings ? `${c.findings}${c.blocking ? ` (${c.blocking} blocking)` : ''}` : '0';
      parts.push(`| ${name}${c.title ? ` ${cell(c.title)}` : ''} | ${status} | ${c.rules.map(link).join(', ')} | ${findings} |`);
    }
    parts.push('', '</details>', '');
  }
  return parts.join('\n');
}
