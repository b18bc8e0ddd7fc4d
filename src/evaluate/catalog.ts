// The rule catalog: every rule's metadata, extracted at build time from the `# METADATA` blocks
// of rego/ (scripts/build.mjs) into catalog.json beside the policy bundle.
import type { Mode, Severity } from '../model.js';

export interface RuleReference {
  title: string;
  url?: string;
}

export interface RuleMeta {
  id: string;
  title: string;
  description: string;
  severity: Severity;
  /** Default mode; config and (for Pod Security) namespace labels may change it. */
  mode: Mode;
  /** What the rule reads: k8s objects, Terraform plans, or the input files themselves. */
  input: 'k8s' | 'tf' | 'input';
  remediation: string;
  /** A before/after snippet for the rule reference. */
  fix?: { before: string; after: string };
  references: RuleReference[];
  /** Control IDs per framework, e.g. { "cis-eks": ["4.2.1"], "pss": ["baseline"] }. */
  compliance: Record<string, string[]>;
  tags: string[];
  /** For Pod Security rules: the upstream PSA check ID. */
  pssCheck?: string;
  /** Rego package the rule lives in, and its source file. */
  package: string;
  source: string;
}

export interface Catalog {
  version: string;
  rules: RuleMeta[];
  /**
   * The rule IDs each package's entrypoint (`eks/entry/rule_...`) can report: the IDs its Rego
   * names as string literals (scripts/build.mjs, which refuses a package that names none).
   */
  emits?: Record<string, string[]>;
}

export class RuleIndex {
  private readonly byId = new Map<string, RuleMeta>();

  constructor(readonly catalog: Catalog) {
    for (const r of catalog.rules) this.byId.set(r.id, r);
  }

  get(id: string): RuleMeta | undefined {
    return this.byId.get(id);
  }

  get rules(): readonly RuleMeta[] {
    return this.catalog.rules;
  }

  /**
   * Of `entrypoints`, those that can report one of `ruleIds`; an entrypoint the catalog says
   * nothing of is kept (when unsure, evaluate).
   */
  entrypointsFor(ruleIds: ReadonlySet<string>, entrypoints: readonly string[]): Set<string> {
    const emits = this.catalog.emits ?? {};
    return new Set(entrypoints.filter((e) => {
      const ids = emits[e];
      return ids === undefined || ids.some((id) => ruleIds.has(id));
    }));
  }
}
