// Where the base revision is checked out (src/gate/checkout-dir.ts): /dev/shm on Linux when the
// revision fits there with room to spare, the disk's temporary folder otherwise; and a checkout
// that fails in /dev/shm made again on disk (startWorktree in src/gate/git.ts).
import { afterAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { checkoutBytes, checkoutParent, chooseCheckoutParent, diskTemp, SHM, type ShmState } from '../../src/gate/checkout-dir.js';
import { git, startWorktree } from '../../src/gate/git.js';
import { RunPool } from '../../src/run-pool.js';
import { tempDir } from '../helpers.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

const MIB = 1024 * 1024;
const TMPFS = 0x01021994;

/** A repository whose one commit holds files of `sizes` bytes; its sha. */
function repository(sizes: number[]): { dir: string; sha: string } {
  const dir = tempDir(Object.fromEntries(sizes.map((n, i) => [`f${i}.yaml`, 'x'.repeat(n)])));
  dirs.push(dir);
  const run = (...args: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', '-c', 'commit.gpgsign=false', ...args], { cwd: dir, encoding: 'utf8' });
  run('init', '--quiet');
  run('add', '-A');
  run('commit', '--quiet', '-m', 'base');
  return { dir, sha: run('rev-parse', 'HEAD').trim() };
}

describe('the folder a base revision is checked out in', () => {
  const roomy: ShmState = { type: TMPFS, freeBytes: 8 * 1024 * MIB, writable: true };
  const choose = (over: Partial<Parameters<typeof chooseCheckoutParent>[0]>) =>
    chooseCheckoutParent({ platform: 'linux', shm: roomy, availableMemory: 8 * 1024 * MIB, needed: 40 * MIB, fallback: '/runner/temp', ...over });

  it('is /dev/shm on Linux when the revision fits with room to spare, else the disk\'s temporary folder', () => {
    expect(choose({})).toBe(SHM);
    expect(choose({ platform: 'darwin' })).toBe('/runner/temp');
    expect(choose({ shm: undefined })).toBe('/runner/temp');
    expect(choose({ shm: { ...roomy, writable: false } })).toBe('/runner/temp');
    expect(choose({ shm: { ...roomy, type: 0xef53 } })).toBe('/runner/temp'); // ext4
    expect(choose({ needed: undefined })).toBe('/runner/temp');
    // Room for twice the revision and 64 MiB: a container's default 64 MiB /dev/shm is too small.
    expect(choose({ shm: { ...roomy, freeBytes: 144 * MIB } })).toBe(SHM);
    expect(choose({ shm: { ...roomy, freeBytes: 144 * MIB - 1 } })).toBe('/runner/temp');
    expect(choose({ shm: { ...roomy, freeBytes: 64 * MIB } })).toBe('/runner/temp');
    // Memory for four times the revision and 256 MiB; never more than 1 GiB in memory.
    expect(choose({ availableMemory: 416 * MIB })).toBe(SHM);
    expect(choose({ availableMemory: 416 * MIB - 1 })).toBe('/runner/temp');
    expect(choose({ needed: 1024 * MIB + 1 })).toBe('/runner/temp');
  });

  it('counts a revision\'s files in whole pages, and a page each for its entry', () => {
    const { dir, sha } = repository([0, 1, 4096, 4097]);
    expect(checkoutBytes(git(dir), sha)).toBe((1 + 2 + 2 + 3) * 4096);
    expect(checkoutBytes(git(dir), '0123456789abcdef0123456789abcdef01234567')).toBeUndefined();
  });

  it('is the disk\'s temporary folder (RUNNER_TEMP on a runner) off Linux or without a tmpfs at /dev/shm', () => {
    const { dir, sha } = repository([10]);
    const onShm = process.platform === 'linux' && fs.existsSync(SHM) && fs.statfsSync(SHM).type === TMPFS;
    expect(checkoutParent(git(dir), sha)).toBe(onShm ? SHM : diskTemp());
    const before = process.env.RUNNER_TEMP;
    process.env.RUNNER_TEMP = '/runner/temp';
    try {
      expect(diskTemp()).toBe('/runner/temp');
    } finally {
      if (before === undefined) delete process.env.RUNNER_TEMP;
      else process.env.RUNNER_TEMP = before;
    }
  });

  it.skipIf(!fs.existsSync(SHM))('checks out again on disk when the checkout fails in /dev/shm, and leaves nothing in either', () => {
    const { dir, sha } = repository([10, 20]);
    const shmBefore = fs.readdirSync(SHM).filter((n) => n.startsWith('eks-policy-gate-base-'));
    // The pool's git fails as on a full /dev/shm.
    const full = `const { workerData } = require('node:worker_threads');
      const posted = new Int32Array(workerData.posted);
      workerData.port.on('message', ({ index }) => {
        workerData.port.postMessage({ index, run: { status: 128, stdout: '', stderr: 'fatal: could not write index: No space left on device', timedOut: false, ms: 1 } });
        Atomics.add(posted, 0, 1);
        Atomics.notify(posted, 0);
      });`;
    const pending = startWorktree(git(dir), sha, SHM, new RunPool(1, full));
    const wt = pending.wait();
    expect(path.dirname(wt.dir)).toBe(path.resolve(diskTemp()));
    expect(fs.readFileSync(path.join(wt.dir, 'f1.yaml'), 'utf8')).toBe('x'.repeat(20));
    expect(fs.readdirSync(SHM).filter((n) => n.startsWith('eks-policy-gate-base-'))).toEqual(shmBefore);
    wt.remove();
    pending.discard();
    expect(fs.existsSync(wt.dir)).toBe(false);
    expect(execFileSync('git', ['worktree', 'list'], { cwd: dir, encoding: 'utf8' }).trim().split('\n')).toHaveLength(1);
  });
});
