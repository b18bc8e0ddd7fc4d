// The base revision checked out while the pull request is scanned (startWorktree in
// src/gate/git.ts, run in a process pool of its own, src/run-pool.ts): the same worktree addWorktree
// gives, removed by whoever holds it, and nothing left behind when git fails or nobody takes it.
import { afterAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { git, GitError, startWorktree } from '../../src/gate/git.js';
import { RunPool } from '../../src/run-pool.js';
import { tempDir } from '../helpers.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

/** A repository with two commits: `a.yaml` in the first, `b.yaml` added in the second; the first's sha. */
function repository(): { dir: string; first: string } {
  const dir = tempDir({ 'a.yaml': 'kind: ConfigMap\n' });
  dirs.push(dir);
  const run = (...args: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', '-c', 'commit.gpgsign=false', ...args], { cwd: dir, encoding: 'utf8' });
  run('init', '--quiet');
  run('add', '-A');
  run('commit', '--quiet', '-m', 'first');
  const first = run('rev-parse', 'HEAD').trim();
  fs.writeFileSync(path.join(dir, 'b.yaml'), 'kind: Secret\n');
  run('add', '-A');
  run('commit', '--quiet', '-m', 'second');
  return { dir, first };
}

const worktrees = (dir: string) => execFileSync('git', ['worktree', 'list'], { cwd: dir, encoding: 'utf8' }).trim().split('\n');

describe('startWorktree', () => {
  it('checks the revision out in the pool; the holder removes it, and discard() then leaves it alone', () => {
    const { dir, first } = repository();
    const parent = tempDir();
    dirs.push(parent);
    const pending = startWorktree(git(dir), first, parent);
    const wt = pending.wait();
    expect(fs.existsSync(path.join(wt.dir, 'a.yaml'))).toBe(true);
    expect(fs.existsSync(path.join(wt.dir, 'b.yaml'))).toBe(false);
    expect(worktrees(dir)).toHaveLength(2);
    expect(pending.wait()).toBe(wt);
    wt.remove();
    pending.discard();
    expect(worktrees(dir)).toHaveLength(1);
    expect(fs.readdirSync(parent)).toEqual([]);
  });

  it('removes a worktree nobody took, and leaves nothing when git fails', () => {
    const { dir, first } = repository();
    const parent = tempDir();
    dirs.push(parent);
    const untaken = startWorktree(git(dir), first, parent);
    const bad = startWorktree(git(dir), '0123456789abcdef0123456789abcdef01234567', parent);
    untaken.discard();
    expect(worktrees(dir)).toHaveLength(1);
    expect(() => bad.wait()).toThrow(GitError);
    expect(() => bad.wait()).toThrow(/^git worktree failed: .+/);
    bad.discard();
    expect(fs.readdirSync(parent)).toEqual([]);
  });

  // The pool's worker dies halfway through the checkout: part of the revision is in the
  // directory, which `git worktree add` refuses ("already exists") when the checkout is made
  // again on the scan's thread; and a git killed while adding the worktree leaves git's record
  // of it locked ("initializing"), which `git worktree prune` keeps.
  const partly = `const target = request.args[request.args.length - 2];
    require('node:fs').writeFileSync(require('node:path').join(target, 'a.yaml'), 'kind: Conf');`;
  const locked = `const target = request.args[request.args.length - 2];
    const { execFileSync } = require('node:child_process');
    execFileSync(request.bin, request.args, { cwd: request.cwd });
    execFileSync('git', ['worktree', 'lock', '--reason', 'initializing', target], { cwd: request.cwd });`;
  it.each([
    ['part of a checkout in the directory', partly],
    ['git\'s record of the worktree locked', locked],
  ])('checks out afresh when the pool\'s worker died leaving %s, and leaves nothing behind', (_, halfDone) => {
    const { dir, first } = repository();
    const parent = tempDir();
    dirs.push(parent);
    const body = `require('node:worker_threads').workerData.port.on('message', ({ request }) => {
      ${halfDone}
      process.exit(1);
    });`;
    const pending = startWorktree(git(dir), first, parent, new RunPool(1, body));
    const wt = pending.wait();
    expect(fs.readFileSync(path.join(wt.dir, 'a.yaml'), 'utf8')).toBe('kind: ConfigMap\n');
    expect(fs.readdirSync(parent)).toEqual([path.basename(wt.dir)]);
    expect(worktrees(dir)).toHaveLength(2);
    wt.remove();
    pending.discard();
    expect(worktrees(dir)).toHaveLength(1);
    expect(fs.readdirSync(parent)).toEqual([]);
  });
});
