// Writing a report: scrubbed of secrets (report/secrets.ts), to a file or to standard output.
// A JSON or SARIF report is written in batches of its pretty-printed text (json-chunks.ts),
// each batch scrubbed and written before the next is made: a large scan's report is more than
// V8 can hold as one string, and the whole text plus its scrubbed copy were the scan's largest
// allocations. Batches end between array items or object members, never inside a string, so
// every value that could hold a secret is scrubbed whole. Where the scrubber can show that
// scrubbing each distinct string of the value gives the same text (Scrubber.forJson), that is
// done instead of a pass of every pattern over every batch. A text report (text, github) comes
// in pieces of whole lines, each a finding or a section, batched and scrubbed the same way: a
// secret in a report is within one finding's text, never across two.
import fs from 'node:fs';
import path from 'node:path';
import { OutputError } from '../errors.js';
import { batching, writeJson } from './json-chunks.js';
import type { Scrubber } from './secrets.js';
import { writeAll } from './stdout.js';

/** Characters per batch: large enough that scrubbing and writing cost the same as one pass. */
const BATCH = 1 << 20;

/**
 * What a format renders: a text; a text in pieces, handed to a sink (each piece whole lines
 * that are scrubbed together: a finding, a section); or a value written as pretty-printed JSON
 * and a final line break.
 */
export type Body = { text: string } | { pieces: (sink: (piece: string) => void) => void } | { json: unknown };

/**
 * Where a report goes: a file, or a writer (standard output); every text through `scrub`, or for
 * a JSON body through the cheaper equivalent the scrubber gives for it (Scrubber.forJson).
 */
export type Destination = { scrub: ((text: string) => string) & Partial<Pick<Scrubber, 'forJson'>> } & ({ file: string } | { out: (text: string) => void });

/** A JSON body's text in pieces: pretty-printed (json-chunks.ts), then a final line break. */
function jsonPieces(value: unknown): (sink: (piece: string) => void) => void {
  return (sink) => {
    writeJson(value, sink);
    sink('\n');
  };
}

/** What a failed system call says, without the call's name: "ENOSPC: no space left on device". */
function reason(thrown: unknown): string {
  const e = thrown as NodeJS.ErrnoException;
  return typeof e?.code === 'string' && typeof e.message === 'string' ? e.message.replace(/, \w+(?: '.*')?$/s, '') : String((e as Error)?.message ?? e);
}

/**
 * Throws OutputError when `file` cannot be a report's destination: its directory missing, or a
 * directory in its place. Asked before a scan, which may take minutes, rather than after it.
 */
export function checkOutputFile(file: string): void {
  const dir = path.dirname(path.resolve(file));
  let st: fs.Stats | undefined;
  try {
    st = fs.statSync(dir);
  } catch (thrown) {
    const why = (thrown as NodeJS.ErrnoException).code === 'ENOENT' ? 'does not exist' : `cannot be read (${reason(thrown)})`;
    throw new OutputError(`--output ${file}: cannot write the report there: its directory ${dir} ${why}. Create the directory, or name a file in one that exists.`);
  }
  if (!st.isDirectory()) throw new OutputError(`--output ${file}: cannot write the report there: ${dir} is not a directory. Name a file in a directory that exists.`);
  if (fs.statSync(file, { throwIfNoEntry: false })?.isDirectory()) {
    throw new OutputError(`--output ${file}: cannot write the report there: it is a directory. Name a file, such as ${path.join(file, 'report.json')}.`);
  }
}

/**
 * Writes `body` to `to`, every text scrubbed first. A destination that fails (a file that
 * cannot be created, a full disk, a closed descriptor) throws OutputError naming it and why;
 * the caller adds what to do, which depends on how the destination was chosen. An error of the
 * scrubber or the renderer is not one of those and is thrown as it is.
 */
export function writeReport(body: Body, to: Destination): void {
  const where = 'file' in to ? to.file : 'standard output';
  const failed = (thrown: unknown) => new OutputError(`cannot write the report to ${where} (${reason(thrown)})`);
  let fd: number | undefined;
  if ('file' in to) {
    try {
      fd = fs.openSync(to.file, 'w');
    } catch (thrown) {
      throw failed(thrown);
    }
  }
  const destination = 'out' in to ? to.out : (text: string) => void writeAll(fd as number, text);
  const write = (text: string) => {
    try {
      destination(text);
    } catch (thrown) {
      throw failed(thrown);
    }
  };
  try {
    if ('text' in body) {
      write(to.scrub(body.text));
      return;
    }
    // Scrubbing the text is a pass of every pattern over it (45 MB for 50,000 findings);
    // forJson scrubs each distinct string of a JSON body instead, where that gives the same.
    const pieces = 'pieces' in body ? body.pieces : jsonPieces(body.json);
    const scrub = 'json' in body ? (to.scrub.forJson?.(body.json) ?? to.scrub) : to.scrub;
    const batches = batching(BATCH, (text) => write(scrub(text)));
    pieces(batches.sink);
    batches.end();
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}
