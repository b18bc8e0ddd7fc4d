// The compliance report: per selected framework, each control with the rules that evidence
// it, and whether the scan passed it (no finding of its rules), failed it (at least one
// finding, in any mode), or could not assess it (none of its rules ran on an input it reads,
// e.g. Terraform controls when no plan was scanned, or its rules are turned off).
import type { Config } from '../config/config.js';
import type { RuleIndex, RuleMeta } from '../evaluate/catalog.js';
import { ruleSetting } from '../gate/verdict.js';
import type { Finding } from '../model.js';
import { FRAMEWORKS_INFO, SOURCES, controlsOf, inFrameworks } from './frameworks.js';

export type ControlStatus = 'passed' | 'failed' | 'not-assessed';

export interface ControlResult {
  id: string;
  title?: string;
  url?: string;
  status: ControlStatus;
  /** Rules evidencing the control. */
  rules: string[];
  findings: number;
  blocking: number;
}

export interface FrameworkResult {
  key: string;
  title: string;
  url: string;
  passed: number;
  failed: number;
  notAssessed: number;
  controls: ControlResult[];
}

export interface ComplianceReport {
  frameworks: FrameworkResult[];
}

/** What the scan read, to tell "passed" from "not assessed". */
export interface Coverage {
  k8s: boolean;
  tf: boolean;
  files: boolean;
}

const byControl = (a: string, b: string) => a.localeCompare(b, 'en', { numeric: true });

/**
 * The rule IDs that run when `frameworks` are selected: the rules of those frameworks, the
 * input-integrity rules (a file that cannot be read is never silently unchecked), custom
 * rules (the user added them on purpose), and any rule the configuration names by exact ID
 * with a mode other than off. Undefined when no framework is selected: every rule runs.
 */
export function activeRules(rules: RuleIndex, frameworks: readonly string[], config: Config, custom: ReadonlySet<string>): Set<string> | undefined {
  if (frameworks.length === 0) return undefined;
  const active = new Set<string>();
  for (const r of rules.rules) {
    const named = config.rules[r.id];
    if (inFrameworks(r, frameworks) || r.input === 'input' || custom.has(r.id) || (named && named.mode !== 'off')) active.add(r.id);
  }
  return active;
}

function assessed(rule: RuleMeta, coverage: Coverage, config: Config): boolean {
  if (ruleSetting(rule.id, config.rules)?.mode === 'off') return false;
  if (rule.input === 'tf') return coverage.tf;
  if (rule.input === 'k8s') return coverage.k8s;
  return coverage.files;
}

export function complianceReport(
  rules: RuleIndex,
  findings: readonly Finding[],
  frameworks: readonly string[],
  coverage: Coverage,
  config: Config,
): ComplianceReport {
  const byRule = new Map<string, Finding[]>();
  for (const f of findings) {
    const list = byRule.get(f.ruleId) ?? [];
    list.push(f);
    byRule.set(f.ruleId, list);
  }
  return {
    frameworks: frameworks.flatMap((key) => {
      const info = FRAMEWORKS_INFO[key];
      const source = info ? SOURCES[info.source] : undefined;
      if (!info || !source) return []; // keys are validated (schema, --framework) before a scan
      const controls = new Map<string, RuleMeta[]>();
      for (const r of rules.rules) {
        for (const c of controlsOf(r, key)) controls.set(c, [...(controls.get(c) ?? []), r]);
      }
      const results: ControlResult[] = [...controls.entries()].sort(([a], [b]) => byControl(a, b)).map(([id, evidence]) => {
        const hits = evidence.flatMap((r) => byRule.get(r.id) ?? []);
        const status: ControlStatus = hits.length > 0 ? 'failed' : evidence.some((r) => assessed(r, coverage, config)) ? 'passed' : 'not-assessed';
        const known = info.levels ? undefined : source.controls?.[id];
        const title = info.levels ? evidence.map((r) => r.title).join('; ') : known?.title;
        return {
          id,
          ...(title ? { title } : {}),
          ...(known?.url ? { url: known.url } : {}),
          status,
          rules: evidence.map((r) => r.id),
          findings: hits.length,
          blocking: hits.filter((f) => f.blocking).length,
        };
      });
      return [{
        key,
        title: info.title,
        url: source.url,
        passed: results.filter((c) => c.status === 'passed').length,
        failed: results.filter((c) => c.status === 'failed').length,
        notAssessed: results.filter((c) => c.status === 'not-assessed').length,
        controls: results,
      }];
    }),
  };
}
