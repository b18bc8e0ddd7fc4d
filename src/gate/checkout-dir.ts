// Where a base revision is checked out (git.ts: addWorktree, startWorktree).
//
// A checkout writes a file for every file of the revision, and on a disk that is what it costs:
// 5,556 files took 2.2 s of system time on the benchmark machine's ext4 (`cp -r` of them 2.3 s)
// and 0.15 s on its /dev/shm, and the time was taken from the pull request's scan running beside
// it. So on Linux a RAM-backed /dev/shm is used when the revision fits there with room to spare,
// and the runner's temporary folder (RUNNER_TEMP) or the system's otherwise.
import fs from 'node:fs';
import os from 'node:os';
import type { Git } from './git.js';

/** statfs's f_type of a tmpfs (linux/magic.h). */
const TMPFS_MAGIC = 0x01021994;
/** RAM-backed on Linux: where a revision that fits is checked out. */
export const SHM = '/dev/shm';
const PAGE = 4096;
const MIB = 1024 * 1024;
/** A revision larger than this is checked out on disk whatever the room in RAM. */
const MAX_IN_MEMORY = 1024 * MIB;

/** The temporary folder a checkout goes to when /dev/shm is not used. */
export function diskTemp(): string {
  return process.env.RUNNER_TEMP || os.tmpdir();
}

/** What /dev/shm is, as statfs(2) and access(2) tell. */
export interface ShmState {
  type: number;
  /** Bytes an unprivileged process may still write. */
  freeBytes: number;
  writable: boolean;
}

/**
 * Bytes a checkout of `sha` takes in a tmpfs: each file's size in whole pages, and a page more
 * for its directory entry and inode. Undefined when git cannot list the revision.
 */
export function checkoutBytes(g: Git, sha: string): number | undefined {
  const listing = g.tryRun(['ls-tree', '-r', '-l', '-z', '--full-tree', sha]);
  if (listing === undefined) return undefined;
  let bytes = 0;
  // "<mode> <type> <object> <size>\t<path>"; a submodule's size is "-" and it is not checked out.
  for (const entry of listing.split('\0')) {
    const size = /^\d+ blob [0-9a-f]+ +(\d+)\t/.exec(entry)?.[1];
    if (size !== undefined) bytes += (Math.ceil(Number(size) / PAGE) + 1) * PAGE;
  }
  return bytes;
}

/**
 * /dev/shm when it is a writable tmpfs on Linux with room for twice `needed` bytes and 64 MiB
 * more, the memory available holds four times them and 256 MiB more, and `needed` is at most
 * 1 GiB; `fallback` otherwise, and whenever `needed` is unknown.
 */
export function chooseCheckoutParent(o: { platform: string; shm: ShmState | undefined; availableMemory: number; needed: number | undefined; fallback: string }): string {
  const { shm, needed } = o;
  if (o.platform !== 'linux' || !shm || !shm.writable || shm.type !== TMPFS_MAGIC || needed === undefined) return o.fallback;
  if (needed > MAX_IN_MEMORY || shm.freeBytes < 2 * needed + 64 * MIB || o.availableMemory < 4 * needed + 256 * MIB) return o.fallback;
  return SHM;
}

function shmState(): ShmState | undefined {
  try {
    const st = fs.statfsSync(SHM);
    let writable = true;
    try {
      fs.accessSync(SHM, fs.constants.W_OK);
    } catch {
      writable = false;
    }
    return { type: st.type, freeBytes: st.bavail * st.bsize, writable };
  } catch {
    return undefined;
  }
}

/** The folder to check `sha` out in (chooseCheckoutParent, on this machine). */
export function checkoutParent(g: Git, sha: string): string {
  const fallback = diskTemp();
  if (process.platform !== 'linux') return fallback;
  // os.freemem() is MemAvailable on Linux: what can be had without swapping.
  return chooseCheckoutParent({ platform: process.platform, shm: shmState(), availableMemory: os.freemem(), needed: checkoutBytes(g, sha), fallback });
}
