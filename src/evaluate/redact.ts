// Sensitive values never reach a message. Terraform prints values it marks sensitive in plain
// text in `terraform show -json` (only `after_sensitive` flags them), and policies must see
// them to find hard-coded secrets; so, whatever a rule (built-in or custom) writes, every
// finding message is scrubbed of every sensitive value of the scan before it is reported.

const MIN_LENGTH = 4;
export const REDACTED = '(sensitive value)';

const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

function leafStrings(v: unknown, out: Set<string>, depth = 0): void {
  if (depth > 64) return;
  if (typeof v === 'string') {
    addForms(v, out, depth);
  } else if (typeof v === 'number') {
    addForms(String(v), out, depth);
  } else if (Array.isArray(v)) for (const x of v) leafStrings(x, out, depth + 1);
  else if (isRecord(v)) for (const x of Object.values(v)) leafStrings(x, out, depth + 1);
}

/** A value and the forms a rule could derive and print: JSON members, base64-decoded text, lines. */
function addForms(s: string, out: Set<string>, depth: number): void {
  if (s.length < MIN_LENGTH || out.has(s)) return;
  out.add(s);
  const escaped = JSON.stringify(s).slice(1, -1);
  if (escaped !== s) out.add(escaped);
  for (const line of s.split(/\r?\n/)) if (line.trim().length >= MIN_LENGTH && line !== s) out.add(line.trim());
  const t = s.trim();
  if ((t.startsWith('{') || t.startsWith('[')) && depth < 32) {
    try {
      leafStrings(JSON.parse(t), out, depth + 1);
    } catch {
      // not JSON
    }
  }
  if (/^[A-Za-z0-9+/]+={0,2}$/.test(t) && t.length % 4 === 0 && t.length >= 8) {
    const decoded = Buffer.from(t, 'base64').toString('utf8');
    if (!decoded.includes('\uFFFD') && depth < 32) addForms(decoded, out, depth + 1);
  }
}

/**
 * The sensitive values of a value tree: the leaves a Terraform sensitivity mask (same shape,
 * `true` on sensitive leaves, or `true` for a whole subtree) marks.
 */
export function sensitiveValues(values: unknown, mask: unknown, out = new Set<string>(), depth = 0): Set<string> {
  if (depth > 64 || mask === undefined || mask === null || mask === false) return out;
  if (mask === true) {
    leafStrings(values, out);
    return out;
  }
  if (Array.isArray(mask) && Array.isArray(values)) mask.forEach((m, i) => sensitiveValues(values[i], m, out, depth + 1));
  else if (isRecord(mask) && isRecord(values)) for (const [k, m] of Object.entries(mask)) sensitiveValues(values[k], m, out, depth + 1);
  return out;
}

/** A function that replaces every occurrence of the given values in a text. */
export function redactor(secrets: Iterable<string>): (text: string) => string {
  // Longest first, so a value containing another is replaced whole.
  const list = [...new Set(secrets)].filter((s) => s.length >= MIN_LENGTH).sort((a, b) => b.length - a.length);
  if (list.length === 0) return (text) => text;
  return (text) => {
    let out = text;
    for (const s of list) if (out.includes(s)) out = out.split(s).join(REDACTED);
    return out;
  };
}
