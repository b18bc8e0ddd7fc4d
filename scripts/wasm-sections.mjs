// Reading the sections of a WebAssembly module's binary, for the build steps that adjust the
// compiled policy (wasm-heap.mjs, wasm-exports.mjs). By hand because each step reads or
// replaces one section and leaves every other byte as it is; a full decoder and encoder
// (binaryen) would re-encode the whole module.

/** Unsigned LEB128 at `at`: [value, next offset]. */
export function leb(bytes, at) {
  let value = 0;
  let shift = 0;
  for (;;) {
    const b = bytes[at++];
    if (b === undefined) throw new Error('truncated LEB128');
    value += (b & 0x7f) * 2 ** shift;
    shift += 7;
    if ((b & 0x80) === 0) return [value, at];
  }
}

/** The unsigned LEB128 encoding of `value`. */
export function encodeLeb(value) {
  const out = [];
  do {
    let b = value % 128;
    value = Math.floor(value / 128);
    if (value > 0) b |= 0x80;
    out.push(b);
  } while (value > 0);
  return out;
}

/** A name (LEB128 length, UTF-8 bytes) at `at`: [name, next offset]. */
export function name(bytes, at) {
  const [length, from] = leb(bytes, at);
  return [new TextDecoder().decode(bytes.subarray(from, from + length)), from + length];
}

/** The module's sections in order: id, where the section starts, where its body starts and ends. */
export function sections(bytes) {
  if (bytes.length < 8 || bytes[0] !== 0 || bytes[1] !== 0x61 || bytes[2] !== 0x73 || bytes[3] !== 0x6d) throw new Error('not a WebAssembly module');
  const out = [];
  for (let at = 8; at < bytes.length; ) {
    const id = bytes[at];
    const [size, body] = leb(bytes, at + 1);
    out.push({ id, start: at, body, end: body + size });
    at = body + size;
  }
  return out;
}
