// Escapes of half a UTF-16 surrogate pair in YAML (`"\ud800"`): js-yaml reads one as a lone
// surrogate, a string that is not Unicode, which Kubernetes' YAML parser refuses and OPA's
// runtime cannot load. The documents holding one are left out, with a problem at the escape.
import type { ParsedDocument, YamlProblem } from './yaml.js';
import { isWellFormed } from '../well-formed.js';

// A double-quoted escape of a UTF-16 surrogate (`\ud800`, `\U0000DC00`), with the backslashes
// before it, whose count tells an escape from an escaped backslash.
const SURROGATE_ESCAPE = /(\\+)(?:u|U0000)([dD][89a-fA-F][0-9a-fA-F]{2})/g;
/** Whether every string of a value, keys included, is well-formed. */
function allWellFormed(value: unknown): boolean {
  if (typeof value === 'string') return isWellFormed(value);
  if (value === null || typeof value !== 'object') return true;
  if (Array.isArray(value)) return value.every(allWellFormed);
  for (const [key, item] of Object.entries(value)) if (!isWellFormed(key) || !allWellFormed(item)) return false;
  return true;
}

/** Offset of the first escape in [from, to) of a surrogate that is not half of an escaped pair. */
function loneEscape(text: string, from: number, to: number): number | undefined {
  SURROGATE_ESCAPE.lastIndex = from;
  let pendingHigh: number | undefined;
  let end = -1;
  for (let m = SURROGATE_ESCAPE.exec(text); m && m.index < to; m = SURROGATE_ESCAPE.exec(text)) {
    if ((m[1] as string).length % 2 === 0) continue; // `\\ud800`: a backslash, then text
    const at = m.index + (m[1] as string).length - 1;
    const high = parseInt(m[2] as string, 16) < 0xdc00;
    if (pendingHigh !== undefined) {
      if (!high && at === end) {
        pendingHigh = undefined;
        continue;
      }
      return pendingHigh;
    }
    if (!high) return at;
    pendingHigh = at;
    end = m.index + m[0].length;
  }
  return pendingHigh;
}

/**
 * Leaves out the documents holding a string that is not Unicode: js-yaml turns `"\ud800"` into
 * a lone surrogate, which Kubernetes' YAML parser refuses ("found invalid Unicode character
 * escape code") and the policy engine cannot read. Only a text with such an escape is walked.
 * A JSON text (kubectl's test: it starts with `{`) keeps them: Go's JSON decoder reads a lone
 * surrogate as U+FFFD, and so does the engine (scanJson in evaluate/instance.ts).
 */
export function dropLoneSurrogates(text: string, documents: ParsedDocument[], problems: YamlProblem[]): ParsedDocument[] {
  SURROGATE_ESCAPE.lastIndex = 0;
  if (!SURROGATE_ESCAPE.test(text) || /^\s*\{/.test(text)) return documents;
  return documents.filter((doc, i) => {
    if (allWellFormed(doc.value)) return true;
    const to = documents[i + 1]?.start ?? text.length;
    const offset = loneEscape(text, doc.start, to) ?? doc.start;
    const escape = /^\\(?:u|U0000)[0-9a-fA-F]{4}/.exec(text.slice(offset, offset + 12))?.[0] ?? 'a surrogate escape';
    problems.push({
      kind: 'surrogate',
      message: `the escape ${escape} is half of a UTF-16 surrogate pair, not a Unicode character (Kubernetes' YAML parser refuses it: "found invalid Unicode character escape code")`,
      offset,
    });
    return false;
  });
}
