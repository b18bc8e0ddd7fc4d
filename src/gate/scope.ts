// What a workflow run compares against, per event:
//   pull_request        the test merge commit's first parent (the base tip it was merged
//                       onto), or, when the PR head itself is checked out, its merge base with
//                       the base branch;
//   pull_request_target the same (the workflow must check out the PR head to scan it);
//   merge_group         the queue's base commit;
//   push                the commit before the push (none for a new branch);
//   workflow_dispatch   the merge base with the default branch (none on the default branch).
// Commits missing from a shallow checkout are fetched. The changed files are `git diff` from
// that base to HEAD with renames; the caller falls back to the pulls API when git cannot tell.
import type { RunContext } from '../github/context.js';
import { changedFiles, ensureCommit, fetchCommits, findMergeBase, headCommit, parentsOf, resolveCommit, type ChangedFile, type Git } from './git.js';

export interface Scope {
  /** The commit that was scanned (HEAD of the workspace). */
  head?: string;
  /** The base commit to compare with, present locally. */
  base?: string;
  /** How the base was chosen, for the summary. */
  baseDescription?: string;
  changed?: ChangedFile[];
  /** Why there is no base, or why the changed files come from elsewhere. */
  notes: string[];
}

function short(sha: string): string {
  return sha.slice(0, 12);
}

function pullRequestBase(g: Git, ctx: RunContext, head: string, scope: Scope): string | undefined {
  const pr = ctx.pullRequest;
  if (!pr) return undefined;
  const parents = parentsOf(g, head);
  // The test merge commit GitHub builds for `pull_request` (refs/pull/N/merge): parent 1 is the
  // base tip, parent 2 the PR head. Its diff against parent 1 is exactly the PR's change.
  if (parents.length === 2 && (parents[1] === pr.headSha || (head === ctx.sha && ctx.ref.endsWith('/merge')))) {
    const [p1] = parents as [string, string];
    if (ensureCommit(g, p1)) {
      scope.baseDescription = `the base branch ${pr.baseRef || ''} at ${short(p1)} (first parent of the test merge commit)`.replace('  ', ' ');
      return p1;
    }
  }
  if (!pr.baseSha) return undefined;
  if (head !== pr.headSha && ctx.eventName === 'pull_request_target' && head === ctx.sha) {
    scope.notes.push(
      'pull_request_target checks out the base branch, not the pull request: the scan saw the base. Check out the pull request head (actions/checkout with ref: ${{ github.event.pull_request.head.sha }}) to gate it.',
    );
  }
  const mb = findMergeBase(g, pr.baseSha, head);
  if (mb) {
    scope.baseDescription = `the merge base ${short(mb)} of the pull request with ${pr.baseRef || 'its base branch'}`;
    return mb;
  }
  if (ensureCommit(g, pr.baseSha)) {
    scope.notes.push(`No merge base between HEAD and ${short(pr.baseSha)} in the clone: compared with the base branch tip directly.`);
    scope.baseDescription = `the base branch ${pr.baseRef} at ${short(pr.baseSha)}`;
    return pr.baseSha;
  }
  return undefined;
}

function defaultBranchBase(g: Git, ctx: RunContext, head: string, scope: Scope): string | undefined {
  const branch = ctx.defaultBranch;
  if (!branch) return undefined;
  if (ctx.ref === `refs/heads/${branch}`) {
    scope.notes.push(`The run is on the default branch ${branch}: there is nothing to compare with.`);
    return undefined;
  }
  let tip = resolveCommit(g, `refs/remotes/origin/${branch}`);
  if (!tip && fetchCommits(g, [`+refs/heads/${branch}:refs/remotes/origin/${branch}`])) tip = resolveCommit(g, `refs/remotes/origin/${branch}`);
  if (!tip) return undefined;
  const mb = findMergeBase(g, tip, head);
  if (mb) scope.baseDescription = `the merge base ${short(mb)} with the default branch ${branch}`;
  return mb;
}

/** Resolves the base commit and the changed files of this run from git alone. */
export function resolveScope(g: Git, ctx: RunContext): Scope {
  const scope: Scope = { notes: [] };
  const head = headCommit(g);
  if (!head) {
    scope.notes.push('The workspace is not a git checkout: there is no base revision to compare with.');
    return scope;
  }
  scope.head = head;
  let base: string | undefined;
  switch (ctx.eventName) {
    case 'pull_request':
    case 'pull_request_target':
      base = pullRequestBase(g, ctx, head, scope);
      break;
    case 'merge_group':
      if (ctx.mergeGroupBase && ensureCommit(g, ctx.mergeGroupBase)) {
        base = ctx.mergeGroupBase;
        scope.baseDescription = `the merge queue's base ${short(base)}`;
      }
      break;
    case 'push':
      if (!ctx.before) scope.notes.push('The push created the branch: there is no previous commit to compare with.');
      else if (ensureCommit(g, ctx.before)) {
        base = ctx.before;
        scope.baseDescription = `the commit before the push, ${short(base)}`;
      }
      break;
    default:
      base = defaultBranchBase(g, ctx, head, scope);
  }
  if (!base) {
    if (!scope.notes.length) scope.notes.push(`The base revision of this ${ctx.eventName || 'run'} could not be fetched into the checkout.`);
    return scope;
  }
  scope.base = base;
  try {
    scope.changed = changedFiles(g, base, head);
  } catch (e) {
    scope.notes.push(`git diff failed: ${(e as Error).message}`);
  }
  return scope;
}
