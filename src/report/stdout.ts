// Standard output written straight to its file descriptor, synchronously.
//
// Written by hand because Node's own ways cost a large report its memory: the CLI runs in a
// worker thread (isolate.ts), where `process.stdout.write` posts each piece to the main thread,
// which holds a copy until it has written it; a 45 MB JSON report of 10,000 documents peaked
// about 95 MB higher written so than to a file (and the CLI's own peak figure missed it, taken
// before the main thread was done). A descriptor belongs to the process, so the scan's thread
// writes it itself, a batch at a time, and each batch is gone before the next is made.
import fs from 'node:fs';

/** The longest pause (ms) before writing again to a pipe that is full. */
const MAX_PAUSE_MS = 50;

/** Blocks this thread for `ms` milliseconds (Atomics.wait, allowed on every Node.js thread). */
function pause(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * Writes all of `text` to `fd`. `writeSync` may write less than asked, and a pipe that another
 * process set non-blocking (a shared file description's flag) answers EAGAIN while it is full:
 * then this waits, 1 ms at first and up to MAX_PAUSE_MS, and writes the rest. Returns false,
 * having written what it could, when the reader has gone (EPIPE); throws any other error.
 */
export function writeAll(fd: number, text: string, wait: (ms: number) => void = pause): boolean {
  const bytes = Buffer.from(text, 'utf8');
  let delay = 1;
  for (let at = 0; at < bytes.length; ) {
    try {
      at += fs.writeSync(fd, bytes, at, bytes.length - at);
      delay = 1;
    } catch (thrown) {
      const code = (thrown as NodeJS.ErrnoException).code;
      if (code === 'EPIPE') return false;
      if (code !== 'EAGAIN') throw thrown;
      wait(delay);
      delay = Math.min(delay * 2, MAX_PAUSE_MS);
    }
  }
  return true;
}

/**
 * A writer to file descriptor `fd` (standard output by default). Once the reader has gone, as
 * `eks-policy-gate scan . | head` does, the rest is dropped quietly: the exit code still gives
 * the verdict, and nobody is left to read a complaint on that stream.
 */
export function descriptorWriter(fd = 1, wait?: (ms: number) => void): (text: string) => void {
  let gone = false;
  return (text) => {
    if (!gone && text.length > 0) gone = !writeAll(fd, text, wait);
  };
}
