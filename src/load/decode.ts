// Bytes to text: UTF-8 (with or without BOM) and UTF-16 LE/BE with BOM. Binary files are
// recognised and skipped; invalid UTF-8 (and UTF-16) is reported rather than silently replaced,
// and so are encodings kubectl does not read either (UTF-32, UTF-16 without a BOM).

export type Decoded =
  | { kind: 'text'; text: string; encoding: 'utf-8' | 'utf-16le' | 'utf-16be' }
  | { kind: 'binary' }
  /**
   * `offset`: the first offending byte of the file (BOM included); `line` and `column`
   * (1-based, columns in characters as the rest of the gate counts them): where it is.
   */
  | { kind: 'invalid'; message: string; offset: number; line: number; column: number };

const utf8 = new TextDecoder('utf-8', { fatal: true });
const lenient = { 'utf-8': new TextDecoder('utf-8'), 'utf-16le': new TextDecoder('utf-16le'), 'utf-16be': new TextDecoder('utf-16be') };

/** An invalid result, placed by decoding the (valid) text before the offending byte. */
function invalid(message: string, bytes: Uint8Array, offset: number, encoding: keyof typeof lenient = 'utf-8', bom = 0): Decoded {
  let end = Math.max(bom, Math.min(offset, bytes.length));
  if (encoding !== 'utf-8') end -= (end - bom) % 2;
  const before = lenient[encoding].decode(bytes.subarray(bom, end));
  const nl = before.lastIndexOf('\n');
  let line = 1;
  for (let i = before.indexOf('\n'); i !== -1; i = before.indexOf('\n', i + 1)) line++;
  return { kind: 'invalid', message, offset, line, column: before.length - nl };
}
const utf16le = new TextDecoder('utf-16le', { fatal: true });
const utf16be = new TextDecoder('utf-16be', { fatal: true });

/**
 * Offset of the first byte that is not part of a well-formed UTF-8 sequence (RFC 3629: no
 * overlongs, no surrogates, nothing above U+10FFFF), or -1. TextDecoder says only *that* the
 * bytes are invalid, not where, hence this validator.
 */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  const n = bytes.length;
  let i = 0;
  while (i < n) {
    const b = bytes[i] as number;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      if (b === 0xe0) lo = 0xa0; // overlong
      if (b === 0xed) hi = 0x9f; // surrogates
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      if (b === 0xf0) lo = 0x90; // overlong
      if (b === 0xf4) hi = 0x8f; // above U+10FFFF
    } else return i;
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined) return i;
      if (k === 1 ? c < lo || c > hi : c < 0x80 || c > 0xbf) return i;
    }
    i += need + 1;
  }
  return -1;
}

/** UTF-16 without a BOM: every other byte of the first characters is zero, the rest ASCII. */
function looksLikeBomlessUtf16(bytes: Uint8Array): 'le' | 'be' | undefined {
  const n = Math.min(bytes.length - (bytes.length % 2), 64);
  if (n < 4) return undefined;
  let le = true;
  let be = true;
  for (let i = 0; i < n; i += 2) {
    const a = bytes[i] as number;
    const b = bytes[i + 1] as number;
    if (!(b === 0 && a >= 0x09 && a < 0x80)) le = false;
    if (!(a === 0 && b >= 0x09 && b < 0x80)) be = false;
  }
  return le ? 'le' : be ? 'be' : undefined;
}

function decodeUtf16(bytes: Uint8Array, encoding: 'utf-16le' | 'utf-16be'): Decoded {
  const body = bytes.subarray(2);
  if (body.length % 2 !== 0) {
    return invalid(`${encoding.toUpperCase()} text with an odd number of bytes (the last character is cut)`, bytes, bytes.length - 1, encoding, 2);
  }
  try {
    return { kind: 'text', text: (encoding === 'utf-16le' ? utf16le : utf16be).decode(body), encoding };
  } catch {
    // A lone surrogate: find it for the message.
    for (let i = 0; i + 1 < body.length; i += 2) {
      const unit = encoding === 'utf-16le' ? (body[i] as number) | ((body[i + 1] as number) << 8) : ((body[i] as number) << 8) | (body[i + 1] as number);
      if (unit >= 0xd800 && unit <= 0xdbff) {
        const j = i + 2;
        const next = j + 1 < body.length ? (encoding === 'utf-16le' ? (body[j] as number) | ((body[j + 1] as number) << 8) : ((body[j] as number) << 8) | (body[j + 1] as number)) : -1;
        if (next >= 0xdc00 && next <= 0xdfff) {
          i += 2;
          continue;
        }
        return invalid(`invalid ${encoding.toUpperCase()} (an unpaired surrogate) at byte ${i + 2}`, bytes, i + 2, encoding, 2);
      }
      if (unit >= 0xdc00 && unit <= 0xdfff) return invalid(`invalid ${encoding.toUpperCase()} (an unpaired surrogate) at byte ${i + 2}`, bytes, i + 2, encoding, 2);
    }
    return invalid(`invalid ${encoding.toUpperCase()}`, bytes, 2, encoding, 2);
  }
}

export function decode(bytes: Uint8Array): Decoded {
  // UTF-32 first: its little-endian BOM starts like UTF-16's.
  if (bytes.length >= 4 && ((bytes[0] === 0xff && bytes[1] === 0xfe && bytes[2] === 0 && bytes[3] === 0) || (bytes[0] === 0 && bytes[1] === 0 && bytes[2] === 0xfe && bytes[3] === 0xff))) {
    return invalid('the file is UTF-32, which kubectl does not read', bytes, 0);
  }
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return decodeUtf16(bytes, 'utf-16le');
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return decodeUtf16(bytes, 'utf-16be');
  const bom = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  const body = bytes.subarray(bom);
  if (!bom && looksLikeBomlessUtf16(body)) {
    return invalid('the file looks like UTF-16 without a byte-order mark, which kubectl does not read', bytes, 0);
  }
  // A NUL byte in the first 8 KiB marks a binary file, as git does.
  if (body.subarray(0, 8192).includes(0)) return { kind: 'binary' };
  try {
    return { kind: 'text', text: utf8.decode(body), encoding: 'utf-8' };
  } catch {
    const offset = bom + Math.max(0, firstInvalidUtf8(body));
    return invalid(`invalid UTF-8 at byte ${offset}`, bytes, offset, 'utf-8', bom);
  }
}

/**
 * Text of a file that is not an input manifest (configuration, kustomization, Chart.yaml):
 * decoded as an input would be; a string saying why when it cannot be.
 */
export function decodeText(bytes: Uint8Array): { text: string } | { error: string; offset: number } {
  const d = decode(bytes);
  if (d.kind === 'text') return { text: d.text };
  if (d.kind === 'binary') return { error: 'the file is binary, not text', offset: 0 };
  return { error: d.message, offset: d.offset };
}
