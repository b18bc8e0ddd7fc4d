// Compliance frameworks: which rules belong to each, and the control each rule evidences.
// The data (keys, titles, control vocabularies) is frameworks.json, shared with the rule
// reference generator (scripts/rule-docs.mjs); docs/compliance.md documents it.
import type { RuleMeta } from '../evaluate/catalog.js';
import data from './frameworks.json' with { type: 'json' };

export interface ControlInfo {
  title: string;
  url?: string;
}

export interface SourceInfo {
  title: string;
  version?: string;
  url: string;
  controlPattern?: string;
  controls?: Record<string, ControlInfo>;
  controlHelp: string;
}

export interface FrameworkInfo {
  source: string;
  title: string;
  levels?: string[];
}

export const SOURCES = data.sources as Record<string, SourceInfo>;
export const FRAMEWORKS_INFO = data.frameworks as Record<string, FrameworkInfo>;

/** Keys of rule METADATA `custom.compliance`. */
export const FRAMEWORK_SOURCES: readonly string[] = Object.keys(SOURCES);
/** Keys `frameworks:` (configuration) and `--framework` select. */
export const FRAMEWORKS: readonly string[] = Object.keys(FRAMEWORKS_INFO);

/** Why a rule's compliance entry is invalid, or undefined when it is valid. */
export function complianceProblems(rule: Pick<RuleMeta, 'id' | 'compliance' | 'pssCheck'>): string[] {
  const problems: string[] = [];
  for (const [key, controls] of Object.entries(rule.compliance ?? {})) {
    const source = SOURCES[key];
    if (!source) {
      problems.push(`${rule.id}: compliance key "${key}" is not one of ${FRAMEWORK_SOURCES.join(', ')}`);
      continue;
    }
    if (!Array.isArray(controls) || controls.length === 0) {
      problems.push(`${rule.id}: compliance.${key} must be a non-empty list`);
      continue;
    }
    for (const c of controls) {
      const ok = source.controls ? typeof c === 'string' && c in source.controls : source.controlPattern ? new RegExp(source.controlPattern).test(String(c)) : true;
      if (!ok) problems.push(`${rule.id}: compliance.${key} "${String(c)}" is not ${source.controlHelp}${source.controls ? ` (one of ${Object.keys(source.controls).join(', ')})` : ''}`);
    }
  }
  return problems;
}

/**
 * The controls of `framework` that rule `rule` evidences; empty when the rule is not part of
 * it. For the Pod Security Standards the control is the PSA check (e.g. "privileged").
 */
export function controlsOf(rule: Pick<RuleMeta, 'id' | 'compliance' | 'pssCheck'>, framework: string): string[] {
  const info = FRAMEWORKS_INFO[framework];
  if (!info) return [];
  const listed = rule.compliance?.[info.source];
  if (!Array.isArray(listed) || listed.length === 0) return [];
  const levels = info.levels;
  if (levels) {
    if (!listed.some((level) => levels.includes(level))) return [];
    return [rule.pssCheck ?? rule.id];
  }
  return [...new Set(listed)];
}

/** Whether the rule belongs to any of the frameworks. */
export function inFrameworks(rule: Pick<RuleMeta, 'id' | 'compliance' | 'pssCheck'>, frameworks: readonly string[]): boolean {
  return frameworks.some((f) => controlsOf(rule, f).length > 0);
}

/** Validates a list of framework keys (config or CLI); returns the unknown ones. */
export function unknownFrameworks(keys: readonly string[]): string[] {
  return keys.filter((k) => !FRAMEWORKS.includes(k));
}
