// Reading OPA values straight out of a policy's Wasm memory.
//
// The SDK hands an evaluation's result over as JSON: the runtime writes the result set out
// character by character (looking every object member and array item up again by its key, a
// hash per member) and JavaScript parses the text back. For a rule package that is a set of
// findings; over a scan it was a fifth of the evaluation (opa_json_dump and JSON.parse, on
// 50,877 findings). The ABI has no export that looks inside a value, so the layout is read by
// hand, from wasm/src/value.h of the pinned OPA (32-bit pointers):
//
//   every value      type byte at +0
//   boolean          value byte at +1
//   number           repr byte at +1; repr 1 (int): a 64-bit integer at +8; repr 2 (ref): the
//                    pointer to its JSON text at +8, its length at +12; others: see dump
//   string           "owns its bytes" byte at +1, length at +4, pointer to its UTF-8 bytes
//                    at +8 (putString)
//   array            pointer to elements at +4, length at +8, capacity at +12; an element is
//                    (index, value), the index a number of repr 1 (loadDocuments in instance.ts
//                    writes arrays in this layout)
//   object, set      pointer to buckets at +4, bucket count at +8, length at +12; an object
//                    element is (key, value, next), a set element (value, next)
//
// Sets and objects are read bucket by bucket, each bucket's chain in order: the order the
// runtime's own iteration (opa_value_iter), and so its JSON, gives them. Anything else (a
// decimal number, an object with non-string keys) is handed over as the runtime's JSON of
// that value alone. Every read is bounds-checked and every walk bounded: a layout other than
// this one throws an OpaLayoutError, and the caller falls back to the SDK's JSON.

export const OPA_NULL = 1;
export const OPA_BOOLEAN = 2;
export const OPA_NUMBER = 3;
export const OPA_STRING = 4;
export const OPA_ARRAY = 5;
export const OPA_OBJECT = 6;
export const OPA_SET = 7;
export const OPA_STRING_INTERNED = 8;
export const OPA_BOOLEAN_INTERNED = 9;
export const REPR_INT = 1;
/** A number kept as the text it was parsed from (every number of the loaded JSON). */
const REPR_REF = 2;
const JSON_NUMBER = /^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?$/;

/** The memory does not hold the value layout described above. */
export class OpaLayoutError extends Error {}

export interface WasmMemory {
  buffer: ArrayBuffer;
}

/** The runtime's JSON of one value, as a NUL-terminated string in its memory (opa_json_dump). */
export type JsonDump = (addr: number) => number;

const encoder = new TextEncoder();

/** A string value's size: the type byte, an "owns its bytes" byte, padding, the length, the bytes' address. */
export const STRING_SIZE = 12;

/** Writes a string value's header (the layout above) at `at`; it does not own its bytes. */
export function putString(view: DataView, at: number, type: number, length: number, bytes: number): void {
  view.setUint32(at, type, true); // the type byte, then zero: the "owns its bytes" byte and padding
  view.setUint32(at + 4, length, true);
  view.setUint32(at + 8, bytes, true);
}

type Malloc = (name: 'opa_malloc', size: number) => number;

/** `text`'s UTF-8 in a new block of the runtime's heap, `before` bytes into it: the block and the text's length. */
function copyIn(memory: WasmMemory, malloc: Malloc, text: string, before: number): { at: number; length: number } {
  const length = Buffer.byteLength(text);
  const at = malloc('opa_malloc', before + length);
  encoder.encodeInto(text, new Uint8Array(memory.buffer, at + before, length)); // after malloc: it may have grown the memory
  return { at, length };
}

/**
 * A JSON text parsed by the runtime into a value, as the SDK's _loadJSON does: the text's UTF-8
 * copied into a block of its own and handed to opa_json_parse. The value's address, 0 when the
 * runtime cannot parse it.
 */
export function runtimeParse(memory: WasmMemory, call: (name: 'opa_malloc' | 'opa_json_parse', ...args: number[]) => number, text: string): number {
  const { at, length } = copyIn(memory, call, text, 0);
  return call('opa_json_parse', at, length);
}

/**
 * A string value in one block of the runtime's heap, its header then its bytes: it does not own
 * them, so the runtime freeing the value frees the whole block.
 */
export function blockString(memory: WasmMemory, malloc: Malloc, text: string): number {
  const { at, length } = copyIn(memory, malloc, text, STRING_SIZE);
  putString(new DataView(memory.buffer), at, OPA_STRING, length, at + STRING_SIZE);
  return at;
}

/** The NUL-terminated text at `at` (what opa_json_dump writes); undefined when there is none. */
export function textAt(bytes: Buffer, at: number): string | undefined {
  const end = at > 0 ? bytes.indexOf(0, at) : -1;
  return end < 0 ? undefined : bytes.toString('utf8', at, end);
}

/**
 * A view of a Wasm memory for reading values. Take a new one after anything that may grow the
 * memory (an evaluation): the views cover the buffer as it was.
 */
export class ValueReader {
  private view!: DataView;
  private u8!: Uint8Array;
  private words!: Uint32Array;
  private bytes!: Buffer;
  /** Values left to read before the walk is taken for a cycle. */
  private budget: number;

  constructor(
    private readonly memory: WasmMemory,
    private readonly options: {
      /** The runtime's JSON of a value (opa_json_dump), for the values not taken apart here. */
      dump?: JsonDump;
      /**
       * Texts by the address of their bytes, for bytes below `stableBelow` (the module's static
       * data, where the policies' literals are): decoded once per instance.
       */
      texts?: Map<number, string>;
      stableBelow?: number;
    } = {},
  ) {
    this.refresh();
    this.budget = memory.buffer.byteLength / 4;
  }

  /**
   * Ready to read again, as a new reader would be: views of the memory as it is now and a full
   * budget. Cheaper than a new reader for many small reads (a built-in call's arguments).
   */
  again(): this {
    this.refresh();
    this.budget = this.memory.buffer.byteLength / 4;
    return this;
  }

  /** Views of the memory as it is now (growing it detaches the old buffer). */
  private refresh(): void {
    const { buffer } = this.memory;
    if (this.view?.buffer === buffer) return;
    this.view = new DataView(buffer);
    this.u8 = new Uint8Array(buffer);
    this.words = new Uint32Array(buffer, 0, buffer.byteLength >>> 2);
    this.bytes = Buffer.from(buffer);
  }

  /** The type byte of the value at `addr` (0 for an address outside the memory). */
  type(addr: number): number {
    return addr > 0 && addr < this.u8.length ? (this.u8[addr] as number) : 0;
  }

  u32(addr: number): number {
    if ((addr & 3) === 0) {
      const w = this.words[addr >>> 2];
      if (w !== undefined && addr > 0) return w;
    } else if (addr > 0 && addr + 4 <= this.view.byteLength) {
      return this.view.getUint32(addr, true);
    }
    throw new OpaLayoutError(`address ${addr} is outside the memory`);
  }

  /** The elements of a set (value, value) or object (key, value), in the runtime's order. */
  elements(addr: number, object: boolean): Array<[number, number]> {
    const out: Array<[number, number]> = [];
    this.eachElement(addr, object, (k, v) => void out.push([k, v]));
    return out;
  }

  /**
   * The address of the value in an evaluation's result set, `{ {"result": value} }`; undefined
   * when the set is empty (the entrypoint is undefined).
   */
  result(resultSet: number): number | undefined {
    if (this.type(resultSet) !== OPA_SET) throw new OpaLayoutError(`the result at ${resultSet} is not a set`);
    const members = this.elements(resultSet, false);
    if (members.length === 0) return undefined;
    const element = members.length === 1 ? members[0]?.[1] : undefined;
    if (element === undefined || this.type(element) !== OPA_OBJECT) throw new OpaLayoutError('the result set holds more than one result');
    const value = this.elements(element, true).find(([k]) => this.string(k) === 'result')?.[1];
    if (value === undefined) throw new OpaLayoutError('the result has no "result"');
    return value;
  }

  /** The text of a string value, or undefined for a value of another type. */
  string(addr: number): string | undefined {
    const t = this.type(addr);
    if (t !== OPA_STRING && t !== OPA_STRING_INTERNED) return undefined;
    const len = this.u32(addr + 4);
    if (len === 0) return '';
    const at = this.u32(addr + 8);
    if (at + len > this.u8.length) throw new OpaLayoutError(`a string at ${addr} runs past the memory`);
    const { texts, stableBelow = 0 } = this.options;
    if (texts && at + len <= stableBelow) {
      const known = texts.get(at);
      if (known !== undefined && known.length === len) return known;
      const text = this.decode(at, len);
      // Keyed by where the bytes start; a text whose UTF-8 is longer than its UTF-16 is not kept.
      if (text.length === len) texts.set(at, text);
      return text;
    }
    return this.decode(at, len);
  }

  private decode(at: number, len: number): string {
    // Short ASCII texts (keys, path steps) are quicker by hand than through a decoder call.
    if (len <= 16) {
      const u8 = this.u8;
      let text = '';
      for (let i = at; i < at + len; i++) {
        const c = u8[i] as number;
        if (c >= 0x80) return this.bytes.toString('utf8', at, at + len);
        text += String.fromCharCode(c);
      }
      return text;
    }
    return this.bytes.toString('utf8', at, at + len);
  }

  /** The value at `addr` as JSON.parse would give the runtime's JSON of it. */
  toJS(addr: number): unknown {
    if (--this.budget < 0) throw new OpaLayoutError('the value does not end: not an OPA value layout');
    switch (this.type(addr)) {
      case OPA_NULL:
        return null;
      case OPA_BOOLEAN:
      case OPA_BOOLEAN_INTERNED:
        return this.u8[addr + 1] !== 0;
      case OPA_NUMBER:
        return this.number(addr);
      case OPA_STRING:
      case OPA_STRING_INTERNED:
        return this.string(addr);
      case OPA_ARRAY: {
        const elems = this.u32(addr + 4);
        const len = this.u32(addr + 8);
        if (len > this.budget) throw new OpaLayoutError(`an array at ${addr} is longer than the memory`);
        // Pushed, not preallocated: a packed array, as JSON.parse makes (a holey one reads slower).
        const out: unknown[] = [];
        for (let i = 0; i < len; i++) out.push(this.toJS(this.u32(elems + 8 * i + 4)));
        return out;
      }
      case OPA_SET: {
        const out: unknown[] = [];
        this.eachElement(addr, false, (v) => void out.push(this.toJS(v)));
        return out;
      }
      case OPA_OBJECT: {
        const out: Record<string, unknown> = {};
        let plain = true;
        this.eachElement(addr, true, (k, v) => {
          const key = this.string(k);
          if (key === undefined) plain = false;
          // JSON.parse defines every key as an own property, "__proto__" included.
          else if (key === '__proto__') Object.defineProperty(out, key, { value: this.toJS(v), enumerable: true, writable: true, configurable: true });
          else out[key] = this.toJS(v);
        });
        // Non-string keys are written as their JSON text: leave that to the runtime.
        return plain ? out : this.dumped(addr);
      }
      default:
        throw new OpaLayoutError(`no OPA value at ${addr}`);
    }
  }

  private number(addr: number): unknown {
    if (addr + 16 > this.view.byteLength) throw new OpaLayoutError(`a number at ${addr} runs past the memory`);
    const repr = this.u8[addr + 1];
    if (repr === REPR_REF) {
      // The number's JSON text, as it was parsed: read as JSON.parse reads it.
      const at = this.view.getUint32(addr + 8, true);
      const len = this.view.getUint32(addr + 12, true);
      if (len > 0 && len <= 400 && at + len <= this.u8.length) {
        const text = this.decode(at, len);
        if (JSON_NUMBER.test(text)) return Number(text);
      }
      return this.dumped(addr);
    }
    if (repr !== REPR_INT) return this.dumped(addr);
    const lo = this.view.getUint32(addr + 8, true);
    const hi = this.view.getInt32(addr + 12, true);
    // Exact below 2^53; beyond, rounded as JSON.parse rounds the runtime's decimal text.
    return Math.abs(hi) < 0x200000 ? hi * 0x100000000 + lo : Number(this.view.getBigInt64(addr + 8, true));
  }

  private eachElement(addr: number, object: boolean, each: (key: number, value: number) => void): void {
    const buckets = this.u32(addr + 4);
    const n = this.u32(addr + 8);
    const len = this.u32(addr + 12);
    if (len > this.budget || n > this.budget) throw new OpaLayoutError(`a collection at ${addr} is larger than the memory`);
    let seen = 0;
    for (let i = 0; i < n; i++) {
      for (let e = this.u32(buckets + 4 * i); e !== 0; e = this.u32(e + (object ? 8 : 4))) {
        if (++seen > len) throw new OpaLayoutError(`a collection at ${addr} holds more than its length`);
        const k = this.u32(e);
        each(k, object ? this.u32(e + 4) : k);
      }
    }
    if (seen !== len) throw new OpaLayoutError(`a collection at ${addr} holds ${seen} elements, not ${len}`);
  }

  /** The runtime's own JSON of a value this reader does not take apart. */
  private dumped(addr: number): unknown {
    const { dump } = this.options;
    if (!dump) throw new OpaLayoutError(`the value at ${addr} needs the runtime's JSON`);
    const at = dump(addr);
    this.refresh(); // dumping allocates, and may have grown the memory
    const text = textAt(this.bytes, at);
    if (text === undefined) throw new OpaLayoutError(`no JSON for the value at ${addr}`);
    return JSON.parse(text) as unknown;
  }
}
