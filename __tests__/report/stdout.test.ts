// Standard output written to its descriptor by the scan's thread (src/report/stdout.ts): every
// byte in order through a pipe that fills, nothing thrown when the reader has gone, and any
// other failure not hidden. The pipes are real FIFOs, so EAGAIN and EPIPE come from the kernel.
import { afterEach, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { descriptorWriter, writeAll } from '../../src/report/stdout.js';
import { tempDir } from '../helpers.js';

const { O_RDONLY, O_WRONLY, O_NONBLOCK } = fs.constants;
const open: number[] = [];

/** A FIFO's two ends, both non-blocking (the reader opened first, as the kernel requires). */
function fifo(): { reader: number; writer: number } {
  const file = path.join(tempDir(), 'pipe');
  expect(spawnSync('mkfifo', [file]).status).toBe(0);
  const reader = fs.openSync(file, O_RDONLY | O_NONBLOCK);
  const writer = fs.openSync(file, O_WRONLY | O_NONBLOCK);
  open.push(reader, writer);
  return { reader, writer };
}

/** Everything the pipe holds now. */
function drain(fd: number, into: Buffer[]): void {
  const chunk = Buffer.alloc(1 << 16);
  for (;;) {
    let n: number;
    try {
      n = fs.readSync(fd, chunk, 0, chunk.length, null);
    } catch (thrown) {
      if ((thrown as NodeJS.ErrnoException).code === 'EAGAIN') return;
      throw thrown;
    }
    if (n === 0) return;
    into.push(Buffer.from(chunk.subarray(0, n)));
  }
}

/** Closes `fd` once: a number closed twice could by then be another open file's. */
function close(fd: number): void {
  const at = open.indexOf(fd);
  if (at >= 0) open.splice(at, 1);
  fs.closeSync(fd);
}

afterEach(() => {
  for (const fd of open.splice(0)) fs.closeSync(fd);
});

describe('writeAll', () => {
  it('writes every byte, in order, through a non-blocking pipe that fills, waiting longer each time it is full', () => {
    const { reader, writer } = fifo();
    // 1 MiB of text with characters of 2, 3 and 4 bytes, against a pipe of 64 KiB.
    const text = Array.from({ length: 40_000 }, (_, i) => `${i} é € \u{1F600}\n`).join('');
    const got: Buffer[] = [];
    const waits: number[] = [];
    expect(writeAll(writer, text, (ms) => {
      waits.push(ms);
      // The reader drains only every third time, so the writer meets a full pipe again at once.
      if (waits.length % 3 === 0) drain(reader, got);
    })).toBe(true);
    drain(reader, got);
    expect(Buffer.concat(got).toString('utf8')).toBe(text);
    expect(waits.length).toBeGreaterThan(3);
    expect(waits.slice(0, 3)).toEqual([1, 2, 4]);
    expect(Math.max(...waits)).toBeLessThanOrEqual(50);
  });

  it('returns false when the reader has gone (EPIPE), and throws any other error', () => {
    const { reader, writer } = fifo();
    close(reader);
    expect(writeAll(writer, 'x'.repeat(100))).toBe(false);
    close(writer);
    expect(() => writeAll(writer, 'x')).toThrow(expect.objectContaining({ code: 'EBADF' }));
  });

  it('writes a file whole', () => {
    const file = path.join(tempDir(), 'out.txt');
    const fd = fs.openSync(file, 'w');
    open.push(fd);
    const text = `é\u{1F600}${'y'.repeat(300_000)}\n`;
    expect(writeAll(fd, text)).toBe(true);
    expect(fs.readFileSync(file, 'utf8')).toBe(text);
  });
});

describe('descriptorWriter', () => {
  it('drops what comes after the reader has gone, without another write', () => {
    const { reader, writer } = fifo();
    const out = descriptorWriter(writer);
    out('first\n');
    const got: Buffer[] = [];
    drain(reader, got);
    expect(Buffer.concat(got).toString()).toBe('first\n');
    close(reader);
    out('second\n');
    // Had it written again, the closed descriptor would throw EBADF.
    close(writer);
    expect(() => out('third\n')).not.toThrow();
  });
});
