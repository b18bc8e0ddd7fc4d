// Lines inside a string that holds a YAML or JSON document: aws-auth's `mapRoles` block
// scalar, the last-applied-configuration annotation. A finding reports the path of the string
// plus an `embedded` path inside the document it holds (docs/input.md); this finds the line of
// that inner node in the file.
//
// A literal block scalar (`|`) keeps the lines of its value one for one, so the inner node's
// line within the value is its line after the scalar's header. Any other style (folded, quoted,
// flow) may join or escape lines: the inner node's line text is then looked up among the
// scalar's lines, which finds it on the single line of a one-line JSON annotation, say. When
// nothing matches, the caller keeps the line of the string's key.
import type { FieldPath } from '../model.js';
import { resolvePath } from './source-map.js';
import { parseYaml } from './yaml.js';

/** Where a node starts inside a text: 0-based line, and column within that line. */
function innerPosition(text: string, path: FieldPath): { line: number; column: number } | undefined {
  const parsed = parseYaml(text);
  const root = parsed.documents.length === 1 ? parsed.documents[0]?.root : undefined;
  if (!root || parsed.problems.length > 0) return undefined;
  const resolved = resolvePath(root, path);
  if (resolved.depth === 0) return undefined;
  const before = text.slice(0, resolved.offset);
  const line = before.split('\n').length - 1;
  return { line, column: resolved.offset - (before.lastIndexOf('\n') + 1) };
}

const LITERAL_HEADER = /:[ \t]*\|[-+0-9]*[ \t]*(#.*)?$/;

/**
 * The file offset of `inner` inside the string `value`, whose mapping entry spans
 * `[keyOffset, endOffset)` of `fileText`; undefined when it cannot be placed.
 */
export function embeddedOffset(fileText: string, keyOffset: number, endOffset: number, value: string, inner: FieldPath): number | undefined {
  const pos = innerPosition(value, inner);
  if (!pos) return undefined;
  const valueLines = value.split('\n');
  const target = (valueLines[pos.line] ?? '').replace(/\r$/, '');
  const wanted = target.trim();
  if (wanted === '') return undefined;

  const segment = fileText.slice(keyOffset, Math.max(endOffset, keyOffset));
  const lines = segment.split('\n');
  const starts: number[] = [];
  let at = keyOffset;
  for (const l of lines) {
    starts.push(at);
    at += l.length + 1;
  }
  const columnIn = (i: number): number => {
    const fileLine = (lines[i] ?? '').replace(/\r$/, '');
    const indent = fileLine.length - fileLine.trimStart().length;
    const shift = Math.max(0, pos.column - (target.length - target.trimStart().length));
    return (starts[i] ?? keyOffset) + indent + Math.min(shift, Math.max(0, fileLine.trimStart().length - 1));
  };

  // Literal block scalar: value line N is the N-th line after the header.
  if (LITERAL_HEADER.test((lines[0] ?? '').replace(/\r$/, ''))) {
    const i = pos.line + 1;
    if ((lines[i] ?? '').trim() === wanted) return columnIn(i);
  }
  // Otherwise the occurrence of the same line text (the n-th, if the value repeats it).
  const occurrence = valueLines.slice(0, pos.line).filter((l) => l.trim() === wanted).length;
  let seen = 0;
  for (let i = 0; i < lines.length; i++) {
    const l = (lines[i] ?? '').trim();
    if (l === wanted || (i === 0 && l.endsWith(wanted))) {
      if (seen++ === occurrence) return columnIn(i);
    }
  }
  // A one-line document (JSON in a quoted scalar): the line that holds it.
  for (let i = 0; i < lines.length; i++) {
    if ((lines[i] ?? '').includes(wanted)) {
      const idx = (lines[i] ?? '').indexOf(wanted);
      return (starts[i] ?? keyOffset) + idx;
    }
  }
  return undefined;
}

/** The value at a path of an object, or undefined. */
export function valueAt(object: unknown, path: FieldPath): unknown {
  let node: unknown = object;
  for (const step of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string | number, unknown>)[step];
  }
  return node;
}
