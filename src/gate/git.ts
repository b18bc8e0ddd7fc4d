// The git operations the gate needs: which commit is checked out, fetching a base commit into a
// shallow clone, the merge base, the files a change touched (with renames), and a temporary
// worktree of another revision. Every call runs the git binary (no library does worktrees and
// shallow fetches), with a fixed argument list and no shell.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { RunPool } from '../run-pool.js';
import { checkoutParent, diskTemp, SHM } from './checkout-dir.js';

export class GitError extends Error {
  override readonly name = 'GitError';
}

export interface Git {
  readonly dir: string;
  /** Runs git and returns stdout; throws GitError with git's stderr (never the environment). */
  run(args: readonly string[]): string;
  tryRun(args: readonly string[]): string | undefined;
}

/** git's environment: never prompt for credentials (a fetch without access fails instead of hanging). */
function gitEnv(): NodeJS.ProcessEnv {
  return { ...process.env, GIT_TERMINAL_PROMPT: '0', GIT_ASKPASS: 'echo', LC_ALL: 'C' };
}

export function git(dir: string): Git {
  const run = (args: readonly string[]): string => {
    try {
      return execFileSync('git', args, {
        cwd: dir,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
        maxBuffer: 256 * 1024 * 1024,
        env: gitEnv(),
      });
    } catch (thrown) {
      const e = thrown as { stderr?: string | Buffer; message?: string };
      const stderr = String(e.stderr ?? '').trim().split('\n').slice(-3).join(' ');
      throw new GitError(`git ${args[0] ?? ''} failed: ${stderr || e.message || 'unknown error'}`);
    }
  };
  return {
    dir,
    run,
    tryRun(args) {
      try {
        return run(args);
      } catch {
        return undefined;
      }
    },
  };
}

/** The top of the work tree holding `dir`, or undefined outside a git repository. */
export function repositoryTop(dir: string): string | undefined {
  return git(dir).tryRun(['rev-parse', '--show-toplevel'])?.trim() || undefined;
}

export function headCommit(g: Git): string | undefined {
  return g.tryRun(['rev-parse', '--verify', '--quiet', 'HEAD^{commit}'])?.trim() || undefined;
}

/** Resolves a revision (branch, tag, sha, `origin/main`, `HEAD~2`) to a commit sha. */
export function resolveCommit(g: Git, rev: string): string | undefined {
  if (rev.startsWith('-')) return undefined;
  return g.tryRun(['rev-parse', '--verify', '--quiet', `${rev}^{commit}`])?.trim() || undefined;
}

export function hasCommit(g: Git, sha: string): boolean {
  return g.tryRun(['cat-file', '-e', `${sha}^{commit}`]) !== undefined;
}

export function isShallow(g: Git): boolean {
  return g.tryRun(['rev-parse', '--is-shallow-repository'])?.trim() === 'true';
}

/**
 * The parents a commit records. Read from the commit object itself, so it works in a depth-1
 * clone where the parents are not present.
 */
export function parentsOf(g: Git, sha: string): string[] {
  const raw = g.tryRun(['cat-file', '-p', sha]) ?? '';
  const parents: string[] = [];
  for (const line of raw.split('\n')) {
    if (line === '') break; // end of the header
    const m = /^parent ([0-9a-f]{40,64})$/.exec(line);
    if (m?.[1]) parents.push(m[1]);
  }
  return parents;
}

/** Fetches commits from `origin` (or the only remote) at the given depth. True when it worked. */
export function fetchCommits(g: Git, shas: readonly string[], depth?: number): boolean {
  const remote = remoteName(g);
  if (!remote) return false;
  const args = ['fetch', '--no-tags', '--quiet', '--no-recurse-submodules'];
  if (depth !== undefined) args.push(`--depth=${depth}`);
  return g.tryRun([...args, remote, ...shas]) !== undefined;
}

function remoteName(g: Git): string | undefined {
  const remotes = (g.tryRun(['remote']) ?? '').split('\n').map((s) => s.trim()).filter(Boolean);
  return remotes.includes('origin') ? 'origin' : remotes[0];
}

/** Makes `sha` present locally, fetching it when the clone lacks it. */
export function ensureCommit(g: Git, sha: string): boolean {
  if (hasCommit(g, sha)) return true;
  // A shallow clone keeps its depth; a full clone fetches what it lacks.
  fetchCommits(g, [sha], isShallow(g) ? 1 : undefined);
  return hasCommit(g, sha);
}

export function mergeBase(g: Git, a: string, b: string): string | undefined {
  return g.tryRun(['merge-base', a, b])?.trim().split('\n')[0] || undefined;
}

/**
 * The merge base of two commits, deepening a shallow clone until it is found (depths 50, 200,
 * 1000, then the whole history), as a checkout with `fetch-depth: 1` has neither.
 */
export function findMergeBase(g: Git, base: string, head: string): string | undefined {
  ensureCommit(g, base);
  let found = mergeBase(g, base, head);
  if (found || !isShallow(g)) return found;
  for (const depth of [50, 200, 1000]) {
    fetchCommits(g, [base, head], depth);
    found = mergeBase(g, base, head);
    if (found) return found;
  }
  if (g.tryRun(['fetch', '--no-tags', '--quiet', '--unshallow', remoteName(g) ?? 'origin']) !== undefined) {
    found = mergeBase(g, base, head);
  }
  return found;
}

export interface ChangedFile {
  /** Path after the change, relative to the repository root, `/`-separated. */
  path: string;
  status: 'added' | 'modified' | 'removed' | 'renamed' | 'copied' | 'changed';
  /** For renames and copies: the path before. */
  previous?: string;
}

const STATUS: Record<string, ChangedFile['status']> = {
  A: 'added',
  M: 'modified',
  D: 'removed',
  R: 'renamed',
  C: 'copied',
  T: 'changed',
};

/**
 * Files that differ between `from` and `to` (a commit, or undefined for the work tree), with
 * rename detection. Two-dot: pass the merge base as `from` for a pull request's own changes.
 */
export function changedFiles(g: Git, from: string, to?: string): ChangedFile[] {
  // -M: rename detection on, whatever diff.renames says in the user's git config.
  const args = ['diff', '--name-status', '-z', '-M', '--no-ext-diff', from];
  if (to) args.push(to);
  args.push('--');
  const out = g.run(args);
  const parts = out.split('\0');
  const files: ChangedFile[] = [];
  for (let i = 0; i < parts.length; ) {
    const code = parts[i++];
    if (!code) continue;
    const status = STATUS[code[0] ?? ''] ?? 'changed';
    if (status === 'renamed' || status === 'copied') {
      const previous = parts[i++] ?? '';
      const now = parts[i++] ?? '';
      files.push({ path: now, status, previous });
    } else {
      files.push({ path: parts[i++] ?? '', status });
    }
  }
  return files.filter((f) => f.path !== '');
}

export interface Worktree {
  dir: string;
  remove(): void;
}

/**
 * Deletes a temporary directory of ours, retried a few times (a git process stopped at its
 * timeout can leave a child still writing into it); one that cannot be deleted is left in the
 * temporary folder rather than failing the scan: nothing reads it.
 */
function removeDir(dir: string): void {
  try {
    fs.rmSync(dir, { recursive: true, force: true, maxRetries: 3, retryDelay: 100 });
  } catch {
    // Left behind.
  }
}

/** The worktree at `dir`; remove() deletes it and its admin files. */
function worktreeAt(g: Git, dir: string): Worktree {
  return {
    dir,
    remove() {
      g.tryRun(['worktree', 'remove', '--force', dir]);
      removeDir(dir);
      g.tryRun(['worktree', 'prune']);
    },
  };
}

const worktreeArgs = (dir: string, sha: string) => ['worktree', 'add', '--detach', '--force', '--quiet', dir, sha];

/** A new directory for a checkout under `parent`; under the disk's temporary folder when /dev/shm refuses it. */
function checkoutDir(parent: string): string {
  try {
    return fs.mkdtempSync(path.join(parent, 'eks-policy-gate-base-'));
  } catch (thrown) {
    if (parent !== SHM) throw thrown;
    return fs.mkdtempSync(path.join(diskTemp(), 'eks-policy-gate-base-'));
  }
}

/** Whether a checkout directory (checkoutDir) is in /dev/shm, where a failed checkout is made again on disk. */
const inMemory = (dir: string) => path.dirname(dir) === SHM;

/**
 * A detached worktree of `sha` in a temporary directory under `parent` (checkout-dir.ts);
 * remove() deletes it and its admin files. A checkout that fails in /dev/shm (filled
 * meanwhile) is made again in the disk's temporary folder.
 */
export function addWorktree(g: Git, sha: string, parent = checkoutParent(g, sha)): Worktree {
  const dir = checkoutDir(parent);
  try {
    g.run(worktreeArgs(dir, sha));
  } catch (e) {
    removeDir(dir);
    g.tryRun(['worktree', 'prune']);
    if (inMemory(dir)) return addWorktree(g, sha, diskTemp());
    throw e;
  }
  return worktreeAt(g, dir);
}

/** A worktree being checked out (startWorktree). */
export interface PendingWorktree {
  /** The worktree once checked out; throws GitError when git failed. */
  wait(): Worktree;
  /** Waits for the checkout and removes it, when nobody took it (the scan before it failed). */
  discard(): void;
}

/** How long a checkout may take in the pool before it is stopped. */
const CHECKOUT_TIMEOUT_MS = 30 * 60_000;

/**
 * addWorktree, started in a process pool of its own so that the checkout (a file written for
 * every file of the revision) runs while the caller scans the pull request; wait() gives it
 * when the base scan needs it. Once settled, wait() or discard() lets go of the pool. `parent`
 * is where (checkout-dir.ts), `pool` replaces the pool (tests of a worker that fails).
 */
export function startWorktree(g: Git, sha: string, parent = checkoutParent(g, sha), pool = new RunPool(1)): PendingWorktree {
  const started = checkoutDir(parent);
  // Where the checkout is: the directory the pool's git writes, or the fallback's own.
  let dir = started;
  const pending = pool.start({ bin: 'git', args: worktreeArgs(started, sha), cwd: g.dir, env: gitEnv(), timeoutMs: CHECKOUT_TIMEOUT_MS, maxBytes: 1 << 20 }, () => {
    // Where the pool cannot run it, the checkout is made here, when it is waited for. A worker
    // that failed halfway may have left part of a checkout in the first directory (the pool
    // kills the git it left running), which `git worktree add` refuses as "already exists":
    // the checkout goes to a directory of its own. The first one goes, with git's record of it,
    // which a git killed while adding it leaves locked, and `prune` then keeps.
    const t0 = performance.now();
    dir = checkoutDir(parent);
    g.tryRun(['worktree', 'remove', '--force', '--force', started]);
    removeDir(started);
    g.tryRun(['worktree', 'prune']);
    try {
      g.run(worktreeArgs(dir, sha));
      return { status: 0, stdout: '', stderr: '', timedOut: false, ms: performance.now() - t0 };
    } catch (e) {
      // git's own words, without the prefix g.run gives them (the message below adds it).
      const message = e instanceof Error ? e.message.replace(/^git worktree failed: /, '') : String(e);
      return { status: 1, stdout: '', stderr: message, timedOut: false, ms: performance.now() - t0 };
    }
  });
  // The checkout's outcome, settled once: a result is taken from the pool only once.
  let outcome: { worktree: Worktree } | { error: GitError } | undefined;
  let taken = false;
  const settle = () => {
    if (outcome) return outcome;
    const run = pending.result();
    pool.close();
    if (run.status === 0) return (outcome = { worktree: worktreeAt(g, dir) });
    removeDir(dir);
    g.tryRun(['worktree', 'prune']);
    // Made again in the disk's temporary folder when it failed in /dev/shm (addWorktree).
    if (!run.timedOut && inMemory(dir)) {
      try {
        return (outcome = { worktree: addWorktree(g, sha, diskTemp()) });
      } catch (thrown) {
        return (outcome = { error: thrown instanceof GitError ? thrown : new GitError(String(thrown)) });
      }
    }
    const why = run.timedOut ? `it did not finish within ${CHECKOUT_TIMEOUT_MS / 60_000} minutes` : (run.error ?? run.stderr.trim().split('\n').slice(-3).join(' '));
    return (outcome = { error: new GitError(`git worktree failed: ${why || 'unknown error'}`) });
  };
  return {
    wait() {
      const o = settle();
      if ('error' in o) throw o.error;
      taken = true;
      return o.worktree;
    },
    discard() {
      const o = settle();
      if (!taken && 'worktree' in o) o.worktree.remove();
    },
  };
}
