// --format github: workflow commands (::error file=...::message) that GitHub Actions turns into
// inline annotations. Escaping follows @actions/core's command encoding.
import type { Finding } from '../model.js';

function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** error for blocking findings, warning for other enforce and warn findings, notice for audit. */
export function annotationLevel(f: Finding): 'error' | 'warning' | 'notice' {
  if (f.blocking) return 'error';
  if (f.mode === 'audit' || f.severity === 'info') return 'notice';
  return 'warning';
}

export function workflowCommand(f: Finding): string {
  const props = [
    `file=${escapeProperty(f.location.file)}`,
    `line=${f.location.line}`,
    `endLine=${f.location.endLine}`,
    `col=${f.location.column}`,
    `title=${escapeProperty(`${f.ruleId} ${f.title}`)}`,
  ];
  return `::${annotationLevel(f)} ${props.join(',')}::${escapeData(f.message)}`;
}

/** Hands `sink` one workflow command per finding, each a whole line. */
export function writeGithub(findings: readonly Finding[], sink: (piece: string) => void): void {
  for (const f of findings) sink(`${workflowCommand(f)}\n`);
}

export function renderGithub(findings: readonly Finding[]): string {
  const pieces: string[] = [];
  writeGithub(findings, (piece) => pieces.push(piece));
  return pieces.join('');
}
