// The gate's judgement: which mode and severity apply to a finding, whether it blocks, and the
// exit code of the run.
import { matchesGlob } from '../glob.js';
import type { Config, RuleSetting } from '../config/config.js';
import type { Finding, Mode, Severity } from '../model.js';
import { severityRank } from '../model.js';

/**
 * Each rule's entry, by the `rules` object it was looked up in: the gate asks once per finding
 * (50,877 at 10,000 documents), and the entries' globs need trying once per rule.
 */
const settings = new WeakMap<Config['rules'], Map<string, RuleSetting | undefined>>();

/** The config entry for a rule: its exact ID first, else the first glob that matches it. */
export function ruleSetting(ruleId: string, rules: Config['rules']): RuleSetting | undefined {
  let byRule = settings.get(rules);
  if (!byRule) settings.set(rules, (byRule = new Map()));
  if (byRule.has(ruleId)) return byRule.get(ruleId);
  const setting = findSetting(ruleId, rules);
  byRule.set(ruleId, setting);
  return setting;
}

function findSetting(ruleId: string, rules: Config['rules']): RuleSetting | undefined {
  const exact = rules[ruleId];
  if (exact) return exact;
  for (const [pattern, setting] of Object.entries(rules)) {
    if (/[*?]/.test(pattern) && matchesGlob(ruleId, pattern)) return setting;
  }
  return undefined;
}

export interface Verdict {
  mode: Mode | 'off';
  severity: Severity;
}

export function verdictFor(
  ruleId: string,
  defaults: { mode: Mode; severity: Severity },
  raw: { mode?: Mode; severity?: Severity },
  config: Config,
): Verdict {
  const setting = ruleSetting(ruleId, config.rules);
  return {
    mode: setting?.mode ?? raw.mode ?? defaults.mode,
    severity: setting?.severity ?? raw.severity ?? defaults.severity,
  };
}

export function isBlocking(mode: Mode, severity: Severity, threshold: Severity): boolean {
  return mode === 'enforce' && severityRank(severity) <= severityRank(threshold);
}

export const EXIT_PASS = 0;
export const EXIT_BLOCKED = 1;
export const EXIT_ERROR = 2;

export function exitCode(findings: readonly Finding[]): number {
  return findings.some((f) => f.blocking) ? EXIT_BLOCKED : EXIT_PASS;
}
