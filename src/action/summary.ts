// The job summary (and the PR comment, a shorter cut of it): the verdict, counts by severity and
// rule, new against existing, the blocking findings linked to their lines, network-policy
// coverage, suppressions and exceptions, and how the results were reported. GitHub rejects a
// step summary over 1 MiB, so every table is cut to fit a byte budget and says what it left out.
import type { ExceptionReport, SuppressedFinding } from '../gate/suppress.js';
import { describeExceptionResource } from '../gate/suppress.js';
import { SEVERITIES, severityRank, type Finding, type Severity } from '../model.js';

/** GitHub's limit is 1 MiB per step; stay well below it. */
export const SUMMARY_BUDGET = 1_000_000;

export interface SummaryInput {
  verdict: 'pass' | 'fail';
  findings: readonly Finding[];
  suppressed: readonly SuppressedFinding[];
  exceptions: { unused: readonly ExceptionReport[]; expired: readonly ExceptionReport[] };
  gate: 'new' | 'changed' | 'all';
  threshold: Severity;
  /** Whether findings carry `baseline` (the base revision was evaluated). */
  baseKnown: boolean;
  baseDescription?: string;
  changedFiles?: number;
  files: number;
  documents: number;
  /** A link for a file line, or undefined when there is no repository to link to. */
  link(file: string, line: number): string | undefined;
  /** Markdown of the network-policy coverage section, when the scan produced one. */
  coverage?: string;
  /** How SARIF, annotations and the comment went; each line is one bullet. */
  reporting: readonly string[];
  /** Things the reader must know (no base revision, degraded mode, ...). */
  notes: readonly string[];
  /** Internal errors: what the gate could not check (ScanResult.errors), with what to do. */
  errors?: readonly string[];
  /** The gate failed closed because of `errors` (fail-on-error). */
  failedClosed?: boolean;
  title?: string;
}

/** Escapes text for a Markdown table cell: no HTML, no pipes, no line breaks. */
export function cell(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\|/g, '\\|')
    .replace(/\r?\n/g, ' ')
    .replace(/`/g, "'");
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

function resourceName(f: Finding): string {
  if (!f.resource) return '';
  const ns = f.resource.namespace ? `${f.resource.namespace}/` : '';
  return `${f.resource.kind} ${ns}${f.resource.name}`;
}

const ICON: Record<Severity, string> = { critical: '🟥', high: '🟧', medium: '🟨', low: '🟦', info: '⬜' };

/** Orders the most important first: blocking, new, severity, then place. */
export function byImportance(a: Finding, b: Finding): number {
  return (
    Number(b.blocking) - Number(a.blocking) ||
    Number(b.baseline === 'new') - Number(a.baseline === 'new') ||
    severityRank(a.severity) - severityRank(b.severity) ||
    (a.location.file < b.location.file ? -1 : a.location.file > b.location.file ? 1 : 0) ||
    a.location.line - b.location.line
  );
}

/** Appends rows while they fit in `budget` bytes; returns the rows kept and the bytes used. */
function fitRows(header: string, rows: readonly string[], budget: number, what: string): string {
  let out = header;
  let used = Buffer.byteLength(out);
  let kept = 0;
  const reserve = 200; // for the "N more" line
  for (const row of rows) {
    const size = Buffer.byteLength(row) + 1;
    if (used + size + reserve > budget) break;
    out += `${row}\n`;
    used += size;
    kept++;
  }
  if (kept < rows.length) out += `\n_…and ${rows.length - kept} more ${what}, left out to keep the summary under GitHub's 1 MiB limit. All of them are in the SARIF file._\n`;
  return out;
}

export function countsTable(findings: readonly Finding[], baseKnown: boolean): string {
  const head = baseKnown ? '| Severity | Findings | New | Existing | Blocking |\n|---|--:|--:|--:|--:|\n' : '| Severity | Findings | Blocking |\n|---|--:|--:|\n';
  const rows: string[] = [];
  for (const s of SEVERITIES) {
    const of = findings.filter((f) => f.severity === s);
    if (!of.length) continue;
    const fresh = of.filter((f) => f.baseline === 'new').length;
    const blocking = of.filter((f) => f.blocking).length;
    rows.push(baseKnown ? `| ${ICON[s]} ${s} | ${of.length} | ${fresh} | ${of.length - fresh} | ${blocking} |` : `| ${ICON[s]} ${s} | ${of.length} | ${blocking} |`);
  }
  const total = findings.length;
  const fresh = findings.filter((f) => f.baseline === 'new').length;
  const blocking = findings.filter((f) => f.blocking).length;
  rows.push(baseKnown ? `| **total** | **${total}** | **${fresh}** | **${total - fresh}** | **${blocking}** |` : `| **total** | **${total}** | **${blocking}** |`);
  return head + rows.join('\n') + '\n';
}

function ruleRows(findings: readonly Finding[], baseKnown: boolean): string[] {
  const byRule = new Map<string, Finding[]>();
  for (const f of findings) byRule.set(f.ruleId, [...(byRule.get(f.ruleId) ?? []), f]);
  const rank = (list: Finding[]) => severityRank(list[0]?.severity ?? 'info');
  return [...byRule.entries()]
    .sort((a, b) => rank(a[1]) - rank(b[1]) || b[1].length - a[1].length || (a[0] < b[0] ? -1 : 1))
    .map(([rule, list]) => {
      const first = list[0] as Finding;
      const fresh = list.filter((f) => f.baseline === 'new').length;
      const blocking = list.filter((f) => f.blocking).length;
      return baseKnown
        ? `| ${rule} | ${cell(first.title)} | ${first.severity} | ${list.length} | ${fresh} | ${blocking} |`
        : `| ${rule} | ${cell(first.title)} | ${first.severity} | ${list.length} | ${blocking} |`;
    });
}

function findingRow(f: Finding, s: SummaryInput): string {
  const where = `${f.location.file}:${f.location.line}`;
  const url = s.link(f.location.file, f.location.line);
  const at = url ? `[${cell(where)}](${url})` : cell(where);
  const state = s.baseKnown ? ` | ${f.baseline === 'new' ? 'new' : 'existing'}` : '';
  return `| ${ICON[f.severity]} ${f.severity} | ${f.ruleId} | ${at} | ${cell(resourceName(f))} | ${cell(f.message)}${state} |`;
}

function exceptionRow(e: ExceptionReport, link: SummaryInput['link']): string {
  const where = e.location ? (link(e.location.file, e.location.line) ? `[${cell(`${e.location.file}:${e.location.line}`)}](${link(e.location.file, e.location.line)})` : cell(`${e.location.file}:${e.location.line}`)) : '';
  return `| ${cell(describeExceptionResource(e))} | ${cell(e.owner ?? '')} | ${cell(e.expires ?? '')} | ${cell(e.reason)} | ${where} |`;
}

export function renderSummary(s: SummaryInput): string {
  const blocking = s.findings.filter((f) => f.blocking);
  const fresh = s.findings.filter((f) => f.baseline === 'new').length;
  const parts: string[] = [];
  const title = s.title ?? 'eks-policy-gate';
  parts.push(s.failedClosed ? `## ⚠️ ${title}: error\n` : `## ${s.verdict === 'fail' ? '❌' : '✅'} ${title}: ${s.verdict}\n`);
  const gateText =
    s.gate === 'new' ? 'findings new on this change block' : s.gate === 'changed' ? 'findings in changed files block' : 'every finding blocks';
  const lead = [
    `**${plural(blocking.length, 'blocking finding')}**, ${plural(s.findings.length, 'finding')} in all`,
    s.baseKnown ? `${fresh} new and ${s.findings.length - fresh} already on the base` : undefined,
    s.suppressed.length ? `${s.suppressed.length} suppressed` : undefined,
  ].filter(Boolean).join(', ');
  parts.push(
    `${lead}. Gate \`${s.gate}\` (${gateText}; enforce mode at or above \`${s.threshold}\`)` +
      (s.baseDescription ? `, compared with ${cell(s.baseDescription)}` : '') +
      `. Scanned ${plural(s.files, 'file')}, ${plural(s.documents, 'document')}` +
      (s.changedFiles !== undefined ? `; the change touches ${plural(s.changedFiles, 'file')}` : '') +
      '.\n',
  );
  for (const n of s.notes) parts.push(`> [!NOTE]\n> ${cell(n)}\n`);
  if (s.errors?.length) {
    const what = s.failedClosed
      ? 'so the gate failed closed. Fix or exclude what they name, or set `fail-on-error: false` to gate on the findings alone.'
      : 'reported only (`fail-on-error: false`): the verdict reflects the findings alone.';
    parts.push(`> [!CAUTION]\n> ${plural(s.errors.length, 'internal error')}: something could not be checked, ${what}\n${s.errors.map((e) => `> - ${cell(e)}`).join('\n')}\n`);
  }
  if (s.findings.length) parts.push(countsTable(s.findings, s.baseKnown));

  // What follows shares what is left of the budget; the blocking table gets half of it.
  const used = () => Buffer.byteLength(parts.join('\n'));
  if (blocking.length) {
    const head = `### Blocking findings\n\n| Severity | Rule | Where | Resource | Message${s.baseKnown ? ' | State' : ''} |\n|---|---|---|---|---${s.baseKnown ? '|---' : ''}|\n`;
    const rows = [...blocking].sort(byImportance).map((f) => findingRow(f, s));
    parts.push(fitRows(head, rows, Math.floor((SUMMARY_BUDGET - used()) / 2), 'blocking findings'));
  }
  if (s.findings.length) {
    const head = `### Findings by rule\n\n| Rule | Title | Severity | Findings |${s.baseKnown ? ' New |' : ''} Blocking |\n|---|---|---|--:|${s.baseKnown ? '--:|' : ''}--:|\n`;
    parts.push(fitRows(head, ruleRows(s.findings, s.baseKnown), Math.floor((SUMMARY_BUDGET - used()) / 2), 'rules'));
  }
  if (s.coverage) {
    const budget = Math.floor((SUMMARY_BUDGET - used()) / 2);
    const section = s.coverage.startsWith('#') ? s.coverage : `### Network policy coverage\n\n${s.coverage}`;
    parts.push(Buffer.byteLength(section) <= budget ? section : `${cutLines(section, budget)}\n_…coverage table cut to keep the summary under GitHub's 1 MiB limit; the full table is in \`eks-policy-gate scan --format json\`._\n`);
  }
  const ex = s.exceptions;
  if (s.suppressed.length || ex.expired.length || ex.unused.length) {
    const lines = ['### Suppressions and exceptions\n'];
    if (s.suppressed.length) {
      const by = (k: string) => s.suppressed.filter((f) => f.suppression.kind === k).length;
      lines.push(`${plural(s.suppressed.length, 'finding')} suppressed: ${by('annotation')} by annotation, ${by('comment')} by comment, ${by('exception')} by configuration exception. Code scanning shows them as suppressed.\n`);
    }
    const head = '| Exception | Owner | Expires | Reason | Where |\n|---|---|---|---|---|\n';
    if (ex.expired.length) lines.push(fitRows(`**Expired exceptions** (they no longer suppress anything):\n\n${head}`, ex.expired.map((e) => exceptionRow(e, s.link)), Math.floor((SUMMARY_BUDGET - used()) / 4), 'expired exceptions'));
    if (ex.unused.length) lines.push(fitRows(`**Unused exceptions** (they matched no finding; remove them):\n\n${head}`, ex.unused.map((e) => exceptionRow(e, s.link)), Math.floor((SUMMARY_BUDGET - used()) / 4), 'unused exceptions'));
    parts.push(lines.join('\n'));
  }
  if (s.reporting.length) parts.push(`### Reporting\n\n${s.reporting.map((r) => `- ${r}`).join('\n')}\n`);
  let out = parts.join('\n');
  if (Buffer.byteLength(out) > SUMMARY_BUDGET) out = `${cutLines(out, SUMMARY_BUDGET - 200)}\n\n_…summary cut at GitHub's 1 MiB limit._\n`;
  return out;
}

function cutLines(text: string, budget: number): string {
  let out = '';
  let used = 0;
  for (const line of text.split('\n')) {
    const size = Buffer.byteLength(line) + 1;
    if (used + size > budget) break;
    out += `${line}\n`;
    used += size;
  }
  return out;
}

/** The PR comment: verdict, counts and the first blocking findings; the rest is in the run. */
export function renderComment(s: SummaryInput, runLink: string | undefined, maxBytes = 60_000): string {
  const full = renderSummary({ ...s, coverage: undefined, reporting: runLink ? [`Full report: [workflow run summary](${runLink})`] : [] });
  return Buffer.byteLength(full) <= maxBytes ? full : `${cutLines(full, maxBytes - 300)}\n\n_…cut to fit a comment; ${runLink ? `the [workflow run summary](${runLink})` : 'the job summary'} has everything._\n`;
}
