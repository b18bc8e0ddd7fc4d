// Reads an OPA bundle (`opa build -t wasm` output: a gzipped tar) into memory. Node has no tar
// reader; node-tar's Parser accepts the whole buffer synchronously, so the scan stays
// synchronous. Entries are keyed without their leading "/" (opa writes "/policy.wasm").
import { Parser, type ReadEntry } from 'tar';
import { UsageError } from '../../errors.js';

/** A bundle larger than this (uncompressed) is refused: policies are kilobytes, not gigabytes. */
export const MAX_BUNDLE_BYTES = 128 * 1024 * 1024;

export type BundleFiles = Map<string, Buffer>;

export function readBundle(bytes: Uint8Array, display: string): BundleFiles {
  const files: BundleFiles = new Map();
  let total = 0;
  let problem: string | undefined;
  const parser = new Parser({
    strict: true,
    onReadEntry(entry: ReadEntry) {
      if (entry.type !== 'File' && entry.type !== 'OldFile') {
        entry.resume();
        return;
      }
      const chunks: Buffer[] = [];
      entry.on('data', (chunk: Buffer) => {
        total += chunk.length;
        if (total > MAX_BUNDLE_BYTES) problem ??= `it unpacks to more than ${MAX_BUNDLE_BYTES / 1024 / 1024} MiB`;
        else chunks.push(chunk);
      });
      entry.on('end', () => files.set(entry.path.replace(/^\.?\/+/, ''), Buffer.concat(chunks)));
    },
  });
  parser.on('error', (err: Error) => {
    problem ??= err.message;
  });
  try {
    parser.end(Buffer.from(bytes));
  } catch (err) {
    problem ??= (err as Error).message;
  }
  if (problem) throw new UsageError(`${display}: not a readable policy bundle (${problem}). Rebuild it with \`opa build -t wasm\`.`);
  if (!files.has('.manifest') || !files.has('policy.wasm')) {
    throw new UsageError(
      `${display}: not a Wasm policy bundle (it has no /.manifest and /policy.wasm). Build it with \`opa build -t wasm\`; see docs/custom-policies.md.`,
    );
  }
  return files;
}
