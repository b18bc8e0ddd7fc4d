// Which findings become inline annotations, and in what form. Inline means: new on this change,
// or in a file the change touches (or everything when neither is known). Workflow commands are
// capped by GitHub at 10 per type per step (the rest are dropped silently), so the most severe
// new findings go first and one slot per type is kept for the action's own messages; the
// summary says how many more exist. A check run takes every inline finding.
import type { CheckAnnotation } from '../github/checks.js';
import type { Finding } from '../model.js';
import { annotationLevel } from '../report/github.js';
import { byImportance } from './summary.js';

/** GitHub shows 10 workflow-command annotations per type and step. */
export const COMMANDS_PER_TYPE = 10;
/** One per type is left for the action's own notice, warning and failure message. */
export const FINDING_COMMANDS_PER_TYPE = COMMANDS_PER_TYPE - 1;

export function inlineFindings(findings: readonly Finding[], scope: { baseKnown: boolean; changed?: ReadonlySet<string> }): Finding[] {
  if (!scope.baseKnown && !scope.changed) return [...findings].sort(byImportance);
  return findings
    .filter((f) => f.blocking || f.baseline === 'new' || (scope.changed?.has(f.location.file) ?? false))
    .sort(byImportance);
}

export function selectCommands(findings: readonly Finding[], perType = FINDING_COMMANDS_PER_TYPE): { shown: Finding[]; hidden: number } {
  const count = new Map<string, number>();
  const shown: Finding[] = [];
  for (const f of [...findings].sort(byImportance)) {
    const level = annotationLevel(f);
    const n = count.get(level) ?? 0;
    if (n < perType) {
      shown.push(f);
      count.set(level, n + 1);
    }
  }
  return { shown, hidden: findings.length - shown.length };
}

function details(f: Finding): string {
  const lines: string[] = [];
  if (f.resource) lines.push(`Resource: ${f.resource.kind} ${f.resource.namespace ? `${f.resource.namespace}/` : ''}${f.resource.name}`);
  if (f.fieldPath) lines.push(`Field: ${f.fieldPath}`);
  lines.push(`Severity: ${f.severity}, mode: ${f.mode}${f.blocking ? ', blocking' : ''}`);
  if (f.baseline) lines.push(f.baseline === 'new' ? 'New on this change.' : 'Already present on the base revision.');
  return lines.join('\n');
}

export function checkAnnotation(f: Finding): CheckAnnotation {
  const level = annotationLevel(f);
  const sameLine = f.location.endLine === f.location.line;
  return {
    path: f.location.file,
    start_line: f.location.line,
    end_line: Math.max(f.location.endLine, f.location.line),
    ...(sameLine ? { start_column: f.location.column } : {}),
    annotation_level: level === 'error' ? 'failure' : level,
    message: f.message.slice(0, 60_000),
    title: `${f.ruleId} ${f.title}`.slice(0, 255),
    raw_details: details(f),
  };
}
