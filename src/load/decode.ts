// Bytes to text: UTF-8 (with or without BOM) and UTF-16 LE/BE with BOM. Binary files are
// recognised and skipped; invalid UTF-8 is reported rather than silently replaced.

export type Decoded =
  | { kind: 'text'; text: string; encoding: 'utf-8' | 'utf-16le' | 'utf-16be' }
  | { kind: 'binary' }
  | { kind: 'invalid'; message: string; offset: number };

const utf8 = new TextDecoder('utf-8', { fatal: true });

function firstInvalidUtf8(bytes: Uint8Array): number {
  // Narrow down the first offending byte for the error message.
  let lo = 0;
  let hi = bytes.length;
  const lenient = new TextDecoder('utf-8');
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (lenient.decode(bytes.subarray(0, mid)).includes('\uFFFD')) hi = mid;
    else lo = mid;
  }
  return lo;
}

export function decode(bytes: Uint8Array): Decoded {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) {
    return { kind: 'text', text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'utf-16le' };
  }
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) {
    return { kind: 'text', text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), encoding: 'utf-16be' };
  }
  const body = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
  // A NUL byte in the first 8 KiB marks a binary file, as git does.
  if (body.subarray(0, 8192).includes(0)) return { kind: 'binary' };
  try {
    return { kind: 'text', text: utf8.decode(body), encoding: 'utf-8' };
  } catch {
    const offset = firstInvalidUtf8(body);
    return { kind: 'invalid', message: `invalid UTF-8 at byte ${offset}`, offset };
  }
}
