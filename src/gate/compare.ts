// The CLI's `--base REF`: compare a scan with the findings of another revision and let only
// the new ones block. REF is any revision git understands; the comparison uses its merge base
// with HEAD (as `git diff REF...` does), so findings fixed on REF after the branch point do not
// make old findings look new.
import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../config/config.js';
import { UsageError } from '../errors.js';
import type { Severity } from '../model.js';
import type { ScanMemo, ScanResult } from '../scan.js';
import { applyGate, markBaseline, rulesOf, scanBase } from './baseline.js';
import { git, headCommit, mergeBase, repositoryTop, resolveCommit, type Git, type PendingWorktree } from './git.js';

export interface CompareOptions {
  root: string;
  paths: readonly string[];
  config: Config;
  severityThreshold?: Severity;
  /** What the head scan kept (scan's `keep`), for the base scan to take. */
  reuse?: ScanMemo;
}

/** The revision --base REF names, resolved: the merge base of its commit with HEAD. */
export interface BaseRevision {
  ref: string;
  commit: string;
  g: Git;
  top: string;
}

/** Resolves --base REF before anything is scanned: a ref that is no commit stops the run at once. */
export function resolveBase(ref: string, root: string): BaseRevision {
  const top = repositoryTop(root);
  if (!top) throw new UsageError(`--base ${ref}: ${root} is not in a git repository. Run the scan inside a clone, or drop --base.`);
  const g = git(top);
  const commit = resolveCommit(g, ref);
  if (!commit) {
    throw new UsageError(`--base ${ref}: not a commit in this repository. Fetch it first (git fetch origin ${ref}), or name a branch, tag or commit that exists.`);
  }
  const head = headCommit(g);
  return { ref, commit: (head && mergeBase(g, commit, head)) || commit, g, top };
}

/** Scans the base revision and marks the scan's findings new or existing; only new ones block. */
export function compareWithBase(result: ScanResult, base: BaseRevision, opts: CompareOptions & { worktree?: PendingWorktree }): { ref: string; commit: string } {
  const baseline = scanBase(base.g, {
    // Real paths: git reports the top with symbolic links resolved.
    root: fs.realpathSync(opts.root),
    top: base.top,
    commit: base.commit,
    paths: opts.paths.map((p) => fs.realpathSync(path.resolve(p))),
    config: opts.config,
    ...(opts.severityThreshold ? { severityThreshold: opts.severityThreshold } : {}),
    ...(opts.reuse ? { reuse: opts.reuse } : {}),
    ...(opts.worktree ? { worktree: opts.worktree } : {}),
    rules: rulesOf(result.findings),
  });
  markBaseline(result.findings, baseline?.findings);
  applyGate(result.findings, { mode: 'new', baseKnown: true });
  return { ref: base.ref, commit: base.commit };
}
