// Pretty-printed JSON in pieces. A report of a large scan is hundreds of megabytes of JSON
// (SARIF of 100,000 documents is about 690 MB), past the longest string V8 can hold (2^29
// characters), so `JSON.stringify` of the whole report fails with "Invalid string length";
// below that, the text and its scrubbed copy are the largest allocations of the scan. This
// hands a sink the very text `JSON.stringify(value, null, 2)` gives, in pieces of at most a
// group of array items, so it can be scrubbed and written a batch at a time.
// Written by hand: streaming JSON writers on npm do not promise JSON.stringify's exact
// output (key order, `undefined` members, indentation), which reports and tests rely on.

/** Levels of objects and arrays split into pieces; deeper values are stringified whole. */
const SPLIT_DEPTH = 4;
/** Items of a long array stringified together (one JSON.stringify call per group). */
const GROUP = 64;

/** Whether JSON.stringify leaves an object member out (it writes `null` for an array item). */
function omitted(v: unknown): boolean {
  return v === undefined || typeof v === 'function' || typeof v === 'symbol';
}

/** A value JSON.stringify serialises as a primitive or through `toJSON`: never split. */
function whole(v: unknown): boolean {
  return v === null || typeof v !== 'object' || typeof (v as { toJSON?: unknown }).toJSON === 'function' ||
    v instanceof String || v instanceof Number || v instanceof Boolean;
}

const indentOf = (level: number) => '  '.repeat(level);

/** JSON.stringify(value, null, 2) for a value at `level`: every line after the first indented. */
function stringifyAt(value: unknown, level: number): string {
  // The value as the only item of an array one level up, without the line break and indent before it.
  return level === 0 ? JSON.stringify(value, null, 2) : itemsAt([value], level - 1).slice(1 + 2 * level);
}

/**
 * The items of an array at `level`, as they appear between its brackets (each on its own line,
 * comma-separated, no trailing line break). The group is stringified inside `level` wrapping
 * arrays, which indents it as it would be in place, and cut out of them: no re-indenting pass.
 */
function itemsAt(items: unknown[], level: number): string {
  let wrapped: unknown = items;
  for (let i = 0; i < level; i++) wrapped = [wrapped];
  const text = JSON.stringify(wrapped, null, 2);
  // Wrapping level i adds "[\n" and 2i spaces before the group and as many characters after
  // it (a line break, 2i spaces, "]"): level * (level + 1) on each side. Then the group's own
  // indent (2 * level) and "[" before it, its line break, indent and "]" after it.
  const wrappers = level * (level + 1);
  return text.slice(wrappers + 2 * level + 1, text.length - (wrappers + 2 * level + 2));
}

function write(value: unknown, level: number, sink: (piece: string) => void): void {
  if (level >= SPLIT_DEPTH || whole(value)) {
    sink(stringifyAt(value, level));
    return;
  }
  if (Array.isArray(value)) {
    if (value.length === 0) {
      sink('[]');
      return;
    }
    sink('[');
    if (value.length >= GROUP) {
      for (let i = 0; i < value.length; i += GROUP) sink((i === 0 ? '' : ',') + itemsAt(value.slice(i, i + GROUP), level));
    } else {
      const inner = `\n${indentOf(level + 1)}`;
      for (let i = 0; i < value.length; i++) {
        // A hole reads as undefined, and is written as null like JSON.stringify does.
        const item: unknown = value[i];
        sink(i === 0 ? inner : `,${inner}`);
        if (omitted(item)) sink('null');
        else write(item, level + 1, sink);
      }
    }
    sink(`\n${indentOf(level)}]`);
    return;
  }
  let first = true;
  for (const [key, member] of Object.entries(value as Record<string, unknown>)) {
    if (omitted(member)) continue;
    sink(`${first ? '{' : ','}\n${indentOf(level + 1)}${JSON.stringify(key)}: `);
    first = false;
    write(member, level + 1, sink);
  }
  sink(first ? '{}' : `\n${indentOf(level)}}`);
}

/** Hands `sink` the text of `JSON.stringify(value, null, 2)` in pieces (joined, they are that text). */
export function writeJson(value: unknown, sink: (piece: string) => void): void {
  write(value, 0, sink);
}

/**
 * A sink that joins pieces into batches of at least `size` characters and hands each to
 * `flush`; call the returned `end` once the last piece is in.
 */
export function batching(size: number, flush: (batch: string) => void): { sink: (piece: string) => void; end: () => void } {
  let parts: string[] = [];
  let length = 0;
  const emit = () => {
    if (parts.length) flush(parts.join(''));
    parts = [];
    length = 0;
  };
  return {
    sink(piece) {
      parts.push(piece);
      length += piece.length;
      if (length >= size) emit();
    },
    end: emit,
  };
}
