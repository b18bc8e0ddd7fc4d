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
  /**
   * The file's real path, when the caller has it already: discovery, which lists each
   * directory it walks by its real path (the file's is that and its name). It is not resolved
   * again (realpath(3) is a system call per path component, the largest part of reading a
   * small file); the file is opened without following a link instead, so that a link put in
   * its place since is not followed but resolved and checked as any other path is.
   */
  real?: string;
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

/** `cannot be read (ENOENT)`: the reason a read failed, in the words of the outcomes below. */
function unreadable(err: unknown): ReadOutcome {
  return { ok: false, reason: 'unreadable', message: `cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})` };
}

const NOT_FILE: ReadOutcome = { ok: false, reason: 'not-file', message: 'is not a regular file (a device, a pipe or a socket)' };

/** Reads what fd holds, at most opts.maxBytes; `size` is its size when it is a regular file. */
function readOpen(fd: number, real: string, size: number | undefined, opts: ReadOptions): ReadOutcome {
  const { bytes, more } = readUpTo(fd, opts.maxBytes, size ?? 0);
  if (more) return { ok: false, reason: 'too-large', message: 'is too large', ...(size !== undefined ? { size: Math.max(size, bytes.length) } : {}) };
  return { ok: true, bytes, real };
}

/**
 * readBounded for a file whose real path discovery gave: opened without following a link (and
 * without waiting, should a pipe have taken its place), then checked through its descriptor.
 * Where it cannot be opened so (a link now, or gone), the path is resolved and read as any other.
 */
function readKnown(abs: string, real: string, opts: ReadOptions): ReadOutcome {
  if (opts.root && !inside(realRoot(opts.root), real)) return readBounded(abs, { ...opts, real: undefined });
  let fd: number;
  try {
    fd = fs.openSync(real, fs.constants.O_RDONLY | (fs.constants.O_NOFOLLOW ?? 0) | (fs.constants.O_NONBLOCK ?? 0));
  } catch {
    return readBounded(abs, { ...opts, real: undefined });
  }
  try {
    const st = fs.fstatSync(fd);
    if (!st.isFile()) return NOT_FILE;
    if (st.size > opts.maxBytes) return { ok: false, reason: 'too-large', message: 'is too large', size: st.size };
    return readOpen(fd, real, st.size, opts);
  } catch (err) {
    return unreadable(err);
  } finally {
    fs.closeSync(fd);
  }
}

export function readBounded(abs: string, opts: ReadOptions): ReadOutcome {
  if (opts.real !== undefined) return readKnown(abs, opts.real, opts);
  let real: string;
  try {
    // realpath(3): the JS fs.realpathSync walks the path one lstat per component.
    real = fs.realpathSync.native(abs);
  } catch (err) {
    return unreadable(err);
  }
  if (opts.root && !inside(realRoot(opts.root), real)) {
    return { ok: false, reason: 'outside', message: 'is a symbolic link (or is reached through one) that leaves the repository, and the gate never reads outside it' };
  }
  let st: fs.Stats;
  try {
    st = fs.statSync(real);
  } catch (err) {
    return unreadable(err);
  }
  if (!st.isFile() && !(opts.explicit && !st.isDirectory())) return NOT_FILE;
  if (st.isFile() && st.size > opts.maxBytes) return { ok: false, reason: 'too-large', message: 'is too large', size: st.size };
  let fd: number | undefined;
  try {
    fd = fs.openSync(real, 'r');
    return readOpen(fd, real, st.isFile() ? st.size : undefined, opts);
  } catch (err) {
    return unreadable(err);
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
