// Gating on what a change introduces: evaluate the base revision (a git worktree of the base
// commit, scanned with the same configuration and paths), then compare findings by
// fingerprint. A finding is `new` when the base has no finding with its fingerprint, which
// includes findings a change causes in files it did not touch (deleting a NetworkPolicy
// leaves the workloads it covered uncovered).
import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../config/config.js';
import type { Finding, Severity } from '../model.js';
import { scan, type ScanMemo, type ScanResult } from '../scan.js';
import { addWorktree, type Git, type PendingWorktree } from './git.js';

export type GateMode = 'new' | 'changed' | 'all';
export const GATE_MODES: readonly GateMode[] = ['new', 'changed', 'all'];

export interface BaseScanOptions {
  /** Absolute path of the scan's root in the head revision (locations are relative to it). */
  root: string;
  /** Absolute path of the top of the git work tree, when it is not `root`. */
  top?: string;
  /** The base commit. */
  commit: string;
  /** Absolute paths scanned in the head revision; mapped into the base worktree. */
  paths: readonly string[];
  config: Config;
  severityThreshold?: Severity;
  today?: string;
  /** The head scan's parses and evaluation, taken where the base's inputs are the same (ScanMemo). */
  reuse?: ScanMemo;
  /** The base commit's worktree, started before (startWorktree); else it is checked out here. */
  worktree?: PendingWorktree;
  /**
   * The rule IDs of the findings the base's are compared with (markBaseline): only the rule
   * packages that can report them are evaluated on the base (scan's `rules`).
   */
  rules?: ReadonlySet<string>;
}

/**
 * Scans the base commit in a temporary worktree, removed afterwards. With no rule to compare
 * (`rules` empty: the findings compared have none), nothing can be new and nothing is scanned:
 * undefined, and a pending worktree is left to its holder's discard().
 */
export function scanBase(g: Git, opts: BaseScanOptions): ScanResult | undefined {
  if (opts.rules?.size === 0) return undefined;
  const wt = opts.worktree ? opts.worktree.wait() : addWorktree(g, opts.commit);
  const top = opts.top ?? opts.root;
  try {
    const mapped: string[] = [];
    for (const p of opts.paths) {
      const rel = path.relative(top, p);
      if (rel.startsWith('..') || path.isAbsolute(rel)) continue;
      const inBase = path.join(wt.dir, rel);
      // A path the change adds does not exist on the base: nothing to find there.
      if (fs.existsSync(inBase)) mapped.push(inBase);
    }
    if (mapped.length === 0) return undefined;
    return scan({
      paths: mapped,
      root: path.join(wt.dir, path.relative(top, opts.root)),
      config: opts.config,
      ...(opts.severityThreshold ? { severityThreshold: opts.severityThreshold } : {}),
      ...(opts.today ? { today: opts.today } : {}),
      ...(opts.reuse ? { reuse: opts.reuse } : {}),
      ...(opts.rules ? { rules: opts.rules } : {}),
    });
  } finally {
    wt.remove();
  }
}

/** The rule IDs of `findings`: what a base scan must evaluate to compare with them (BaseScanOptions.rules). */
export function rulesOf(findings: readonly Finding[]): Set<string> {
  return new Set(findings.map((f) => f.ruleId));
}

/** Marks each finding `new` or `existing` against the base's (unsuppressed) findings. */
export function markBaseline(findings: Finding[], base: readonly Finding[] | undefined): void {
  const known = new Set((base ?? []).map((f) => f.fingerprint));
  for (const f of findings) f.baseline = known.has(f.fingerprint) ? 'existing' : 'new';
}

export interface GateScope {
  mode: GateMode;
  /** True when the base revision was evaluated and findings carry `baseline`. */
  baseKnown: boolean;
  /** Files the change touched (paths after the change), when known. */
  changed?: ReadonlySet<string>;
}

/**
 * Narrows `blocking` to what the gate mode blocks: `new` only findings absent on the base,
 * `changed` only findings in changed files, `all` every blocking finding. When the base or the
 * changed files are unknown, the mode cannot narrow and every blocking finding blocks (fail
 * closed); the caller says so.
 */
export function applyGate(findings: Finding[], scope: GateScope): { narrowed: boolean } {
  if (scope.mode === 'new' && scope.baseKnown) {
    for (const f of findings) if (f.baseline !== 'new') f.blocking = false;
    return { narrowed: true };
  }
  if (scope.mode === 'changed' && scope.changed) {
    for (const f of findings) if (!scope.changed.has(f.location.file)) f.blocking = false;
    return { narrowed: true };
  }
  return { narrowed: scope.mode === 'all' };
}
