// Reading a file named by untrusted input (a manifest found in the pull request, a path a
// kustomization or a Terraform module call names): only regular files, only inside the
// repository (symbolic links resolved), and never more bytes than the limit, so a link to
// /dev/zero, a FIFO or a huge file cannot hang the gate or exhaust its memory.
import fs from 'node:fs';
import path from 'node:path';
import { decodeText } from './decode.js';

export type ReadOutcome =
  | { ok: true; bytes: Buffer; real: string }
  | { ok: false; reason: 'outside' | 'not-file' | 'too-large' | 'unreadable'; message: string; size?: number };

export interface ReadOptions {
  /** The repository root: the file's real path must be inside it. */
  root?: string;
  /** Most bytes to read; a larger file is refused (`too-large`). */
  maxBytes: number;
  /**
   * Named by the user on the command line: a non-regular file (a pipe such as /dev/stdin) is
   * read too, up to maxBytes.
   */
  explicit?: boolean;
}

export function inside(parent: string, child: string): boolean {
  const rel = path.relative(parent, child);
  return rel === '' || (!rel.startsWith('..' + path.sep) && rel !== '..' && !path.isAbsolute(rel));
}

// A scan reads thousands of files under one root: its real path is resolved once.
const realRoots = new Map<string, string>();

function realRoot(root: string): string {
  let real = realRoots.get(root);
  if (real === undefined) {
    try {
      real = fs.realpathSync(root);
    } catch {
      real = path.resolve(root);
    }
    realRoots.set(root, real);
  }
  return real;
}

/** The real path of `abs` when it is inside `root` (links resolved); undefined otherwise. */
export function realInside(abs: string, root: string): string | undefined {
  let real: string;
  try {
    real = fs.realpathSync.native(abs);
  } catch {
    return undefined;
  }
  return inside(realRoot(root), real) ? real : undefined;
}

/**
 * Reads at most max + 1 bytes (one more than allowed tells a file grew past the limit). The
 * first buffer is sized to the file (`sizeHint`, from fstat) so a scan of thousands of small
 * files allocates what it reads, not a megabyte per file; pipes and growing files continue in
 * 64 KiB chunks.
 */
function readUpTo(fd: number, max: number, sizeHint: number): { bytes: Buffer; more: boolean } {
  const chunks: Buffer[] = [];
  let total = 0;
  let want = Math.min(Math.max(sizeHint + 1, 1), max + 1);
  for (;;) {
    if (want <= 0) return { bytes: Buffer.concat(chunks, total), more: true };
    const buf = Buffer.allocUnsafe(want);
    const n = fs.readSync(fd, buf, 0, want, null);
    if (n === 0) return { bytes: chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, total), more: false };
    chunks.push(n === want ? buf : buf.subarray(0, n));
    total += n;
    if (total > max) return { bytes: Buffer.concat(chunks, total), more: true };
    // A regular file that gave fewer bytes than its size + 1 is at its end: no second read.
    if (sizeHint > 0 && chunks.length === 1 && n < want) return { bytes: chunks[0] as Buffer, more: false };
    want = Math.min(64 * 1024, max + 1 - total);
  }
}

export function readBounded(abs: string, opts: ReadOptions): ReadOutcome {
  let real: string;
  try {
    // realpath(3): the JS fs.realpathSync walks the path one lstat per component.
    real = fs.realpathSync.native(abs);
  } catch (err) {
    return { ok: false, reason: 'unreadable', message: `cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})` };
  }
  if (opts.root && !inside(realRoot(opts.root), real)) {
    return { ok: false, reason: 'outside', message: 'is a symbolic link (or is reached through one) that leaves the repository, and the gate never reads outside it' };
  }
  let st: fs.Stats;
  try {
    st = fs.statSync(real);
  } catch (err) {
    return { ok: false, reason: 'unreadable', message: `cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})` };
  }
  if (!st.isFile() && !(opts.explicit && !st.isDirectory())) {
    return { ok: false, reason: 'not-file', message: 'is not a regular file (a device, a pipe or a socket)' };
  }
  if (st.isFile() && st.size > opts.maxBytes) return { ok: false, reason: 'too-large', message: 'is too large', size: st.size };
  let fd: number | undefined;
  try {
    fd = fs.openSync(real, 'r');
    const { bytes, more } = readUpTo(fd, opts.maxBytes, st.isFile() ? st.size : 0);
    if (more) return { ok: false, reason: 'too-large', message: 'is too large', ...(st.isFile() ? { size: Math.max(st.size, bytes.length) } : {}) };
    return { ok: true, bytes, real };
  } catch (err) {
    return { ok: false, reason: 'unreadable', message: `cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})` };
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/**
 * The text of a configuration-like file (a kustomization, Chart.yaml, values, a patch, .tf
 * sources): read with readBounded's checks and decoded as inputs are (BOM removed, UTF-16
 * read); undefined when it cannot be.
 */
export function readText(abs: string, opts: ReadOptions): string | undefined {
  const r = readBounded(abs, opts);
  if (!r.ok) return undefined;
  const d = decodeText(r.bytes);
  return 'text' in d ? d.text : undefined;
}
