// The last line of defence for secrets (product.md §8, rules.md §9): whatever a rule, the
// loader or an error message writes, no secret value reaches an output. Two passes:
//   1. known values: every value a policy reported under a finding's `redact` (and the
//      Terraform sensitive values, evaluate/redact.ts) is replaced wherever it appears;
//   2. patterns: anything that looks like a high-confidence secret (rules.md §9.1: AWS keys,
//      private keys, tokens, passwords in URLs) is replaced, even if no policy reported it.
// The policies already print only redacted forms (rego/lib/secrets.rego); this catches the
// rest. Replacements contain no quote or backslash, so scrubbing a rendered JSON or SARIF
// text keeps it valid.

import { NeedleSet, WINDOW } from './needles.js';

/** One §9.1 pattern, as in rego/lib/secrets.rego (a test keeps the two in step). */
export interface SecretPattern {
  kind: string;
  /** RE2/JavaScript source without the inline `(?i)`/`(?m)` flag group. */
  source: string;
  flags: string;
  /** The capture group that holds the secret itself (0: the whole match). */
  group: number;
}

export const SECRET_PATTERNS: readonly SecretPattern[] = [
  { kind: 'aws-access-key-id', source: String.raw`\b((?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16})\b`, flags: '', group: 1 },
  { kind: 'aws-secret-access-key', source: String.raw`(aws_?secret_?(access_?)?key|secretaccesskey)["']?\s*[:=]\s*["']?([A-Za-z0-9/+=]{40})\b`, flags: 'i', group: 3 },
  { kind: 'aws-session-token', source: String.raw`aws_?session_?token["']?\s*[:=]\s*["']?([A-Za-z0-9/+=]{100,})`, flags: 'i', group: 1 },
  { kind: 'private-key', source: String.raw`-----BEGIN[ A-Z0-9_-]{0,100}PRIVATE KEY(?: BLOCK)?-----`, flags: '', group: 0 },
  { kind: 'github-token', source: String.raw`\b(?:gh[pousr]_[A-Za-z0-9]{36}|github_pat_[A-Za-z0-9_]{82})\b`, flags: '', group: 0 },
  { kind: 'gitlab-pat', source: String.raw`\bglpat-[A-Za-z0-9_-]{20,}\b`, flags: '', group: 0 },
  { kind: 'slack-token', source: String.raw`\bxox[baprs]-[A-Za-z0-9-]{10,}\b`, flags: '', group: 0 },
  { kind: 'slack-webhook', source: String.raw`https://hooks\.slack\.com/services/T[A-Za-z0-9_]{8,}/B[A-Za-z0-9_]{8,}/[A-Za-z0-9_]{24}`, flags: '', group: 0 },
  { kind: 'jwt', source: String.raw`\beyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}`, flags: '', group: 0 },
  { kind: 'url-with-credentials', source: String.raw`\b[a-z][a-z0-9+.-]*://([^/\s:@"'\\]{1,256}):([^/\s:@"'\\]{1,256})@[^/\s"'\\]+`, flags: '', group: 2 },
  { kind: 'dockerconfig-auth', source: String.raw`"auths"\s*:\s*\{[^}]*"auth"\s*:\s*"([A-Za-z0-9+/=]{8,})"`, flags: '', group: 1 },
  { kind: 'gcp-sa-key', source: String.raw`"type"\s*:\s*"service_account"[\s\S]*?"private_key"`, flags: '', group: 0 },
  { kind: 'kubeconfig-creds', source: String.raw`^\s*(client-key-data|token|password)[ \t]*:[ \t]*([^\s"'\\]{8,})`, flags: 'm', group: 2 },
];

/** A whole PEM private key block: the body is the secret, the header only names it. */
const PEM_BLOCK = /-----BEGIN[ A-Z0-9_-]{0,100}PRIVATE KEY(?: BLOCK)?-----[\s\S]*?-----END[ A-Z0-9_-]{0,100}PRIVATE KEY(?: BLOCK)?-----/g;

/** Values of the patterns that are placeholders or documentation examples, not secrets. */
function placeholder(kind: string, v: string): boolean {
  if (kind.startsWith('aws-') && v.includes('EXAMPLE')) return true;
  return /\$\{|\$\(|\{\{/.test(v) || /^\s*<[^>]*>\s*$/.test(v) || /^([xX]+|\*+|\.+|#+|_+)$/.test(v);
}

/** What an output may show of a secret: its first characters and its length (no quotes). */
export function redactedForm(value: string): string {
  const shown = value.length >= 16 ? 4 : Math.floor(value.length / 4);
  return `${value.slice(0, shown).replace(/[\s"'\\]/g, ' ')}***(redacted, ${value.length} chars)`;
}

/**
 * Patterns whose secret is always on a line holding one of these strings: they run on those
 * lines only. A whole output is megabytes, and these two patterns start at almost any word
 * (the URL one at every word boundary), so running them over all of it took most of the
 * scrubbing time. Their secret group never spans a line, so the result is the same.
 */
const LINE_NEEDLES: Readonly<Record<string, readonly string[]>> = {
  'url-with-credentials': ['://'],
  'kubeconfig-creds': ['client-key-data', 'token', 'password'],
};

const compiled = SECRET_PATTERNS
  // The GCP pattern's match spans quoted JSON: its private key is caught by PEM_BLOCK.
  .filter((p) => p.kind !== 'gcp-sa-key')
  .map((p) => ({ ...p, re: new RegExp(p.source, `${p.flags}g`), lines: LINE_NEEDLES[p.kind] }));

/** The text with `edit` applied to each line that holds one of the needles (the rest as it is). */
function onLinesWith(text: string, needles: readonly string[], edit: (line: string) => string): string {
  const starts = new Set<number>();
  for (const needle of needles) {
    for (let at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + 1)) {
      starts.add(text.lastIndexOf('\n', at) + 1);
      const end = text.indexOf('\n', at);
      if (end < 0) break;
      at = end;
    }
  }
  if (starts.size === 0) return text;
  // Only the lines the edit changes are copied: most lines with a needle hold no secret
  // ("token" is in every finding about service account tokens), and rebuilding the whole text
  // for them cost a copy of every output batch.
  let out = '';
  let last = 0;
  for (const start of [...starts].sort((a, b) => a - b)) {
    const end = text.indexOf('\n', start);
    const stop = end < 0 ? text.length : end;
    const line = text.slice(start, stop);
    const edited = edit(line);
    if (edited === line) continue;
    out += text.slice(last, start) + edited;
    last = stop;
  }
  return last === 0 ? text : out + text.slice(last);
}

// Every pattern above needs one of these substrings: a text without any of them (most finding
// messages) skips the thirteen patterns. Kept next to the patterns; a test checks each
// pattern's sample matches it.
const PREFILTER = /service_account|A3T|AKIA|ASIA|ABIA|ACCA|secret|session|PRIVATE KEY|gh[pousr]_|github_pat_|glpat-|xox[baprs]-|hooks\.slack|eyJ|:\/\/|auths|client-key-data|token|password/i;

/** Replaces every high-confidence secret in a text by its redacted form. */
export function scrubSecrets(text: string): string {
  if (!PREFILTER.test(text)) return text;
  let out = text.replace(PEM_BLOCK, (m) => redactedForm(m));
  for (const p of compiled) {
    const scrub = (text: string) => {
      p.re.lastIndex = 0;
      return text.replace(p.re, (match: string, ...rest: unknown[]) => {
        const secret = p.group === 0 ? match : rest[p.group - 1];
        if (typeof secret !== 'string' || secret === '' || placeholder(p.kind, secret)) return match;
        const at = p.group === 0 ? 0 : match.lastIndexOf(secret);
        return match.slice(0, at) + redactedForm(secret) + match.slice(at + secret.length);
      });
    };
    out = p.lines ? onLinesWith(out, p.lines, scrub) : scrub(out);
  }
  return out;
}

/** Known values shorter than this are never replaced in outputs. */
export const MIN_KNOWN_LENGTH = WINDOW;

/**
 * Whether a known value can be replaced everywhere without garbling ordinary text: values
 * that look generated (8+ characters with letters and digits, or 20+ characters). A plain
 * word such as "password", "storageos" or "admin" that a Secret happens to hold also names
 * keys and objects; policies never print it, so it needs no replacing.
 */
export function scrubbable(v: string): boolean {
  if (v.length < MIN_KNOWN_LENGTH) return false;
  return v.length >= 20 || (/[A-Za-z]/.test(v) && /[0-9]/.test(v));
}

/** The values the scan's findings ask to redact that can be scrubbed safely. */
export function knownSecrets(values: Iterable<string>): string[] {
  return [...new Set([...values].map((v) => v.trim()).filter(scrubbable))];
}

/** A scrubber of texts (secretScrubber), with a cheaper one for the text of a given JSON value. */
export interface Scrubber {
  (text: string): string;
  /**
   * A function that gives, for the text of `JSON.stringify(value, null, 2)` (or any run of its
   * array items or object members), what the scrubber gives, at less cost when it can: see
   * jsonScrub.
   */
  forJson(value: unknown): (text: string) => string;
}

/**
 * Characters of the JSON text's structure between two tokens (a string, a key, a number,
 * `true`, `false`, `null`): a match that crosses from one token to the next holds one of them.
 */
const STRUCTURE = /["\n\r,:[\]{}]/;

/**
 * A function that scrubs a text of the given secret values (longest first) and of every
 * high-confidence secret pattern. Apply it to everything the gate writes.
 */
export function secretScrubber(values: Iterable<string>): Scrubber {
  const known = knownSecrets(values).sort((a, b) => b.length - a.length);
  const forms = new Map<string, string>();
  for (const v of known) {
    forms.set(v, redactedForm(v));
    // The same value as a JSON or SARIF text spells it.
    const escaped = JSON.stringify(v).slice(1, -1);
    if (escaped !== v) forms.set(escaped, redactedForm(v));
  }
  const needles = new NeedleSet(forms.keys());
  const formOf = (v: string) => forms.get(v) ?? redactedForm(v);
  const scrub = (text: string) => scrubSecrets(needles.replace(text, formOf));
  // The known values that could occur across the structure of a JSON text.
  const crossing = [...forms.keys()].filter((v) => STRUCTURE.test(v));
  return Object.assign(scrub, { forJson: (value: unknown) => jsonScrub(value, scrub, crossing, formOf) });
}

/**
 * Keys after which a pattern can run on into the member's value: the AWS secret key and
 * session token patterns allow a quote, a colon and spaces between the name and the secret
 * (`"aws_secret_access_key": "..."`), and the Docker config pattern starts at `"auths": {`.
 */
const SPANNING_KEY = /(?:aws_?secret_?(?:access_?)?key|secretaccesskey|aws_?session_?token)$/i;
const SPANNING_KEYS = new Set(['auths']);

/** Values deeper than this are not walked (the whole text is scrubbed then). */
const MAX_JSON_DEPTH = 1_000;

/**
 * The scrub for the text of `JSON.stringify(value, null, 2)`: `scrub` itself, or, when each
 * distinct string, key and number of the value comes through `scrub` unchanged on its own (as
 * the text spells it: a string quoted and escaped), a function that only looks for the known
 * values in `crossing` (those that hold a character of the structure) that may occur in the
 * text (mayOccur), and scrubs a text fully where it finds one. Scrubbing the text of a report of 50,000 findings is a pass of
 * every pattern over 45 MB; the report holds about 64,000 distinct strings, most of them
 * repeated keys, rule titles, files and resources, each scrubbed once here.
 *
 * Exact, because a match in the text lies within one token or crosses the structure between
 * two, which holds a double quote, a comma, a colon, a bracket, a brace or a line break:
 * - Known values without those characters occur within tokens only, and none does (each token
 *   was scrubbed with all of them); the others are looked for over the whole text, unless
   mayOccur rules them out.
 * - Of the patterns, only the private key block (whose header alone is a pattern, within one
 *   token, so its token is caught), the Docker config pattern and the AWS secret key and
 *   session token patterns can match a double quote (a test checks the others cannot); those
 *   three start at a key the text writes just before its value, which SPANNING_KEY(S) catch.
 *   The others cannot cross a quote, and no pattern matches a line break and the punctuation,
 *   digits and `true`, `false` or `null` around it.
 * A value with `toJSON`, a boxed primitive or a value deeper than MAX_JSON_DEPTH is not walked.
 */
function jsonScrub(
  value: unknown,
  scrub: (text: string) => string,
  crossing: readonly string[],
  formOf: (needle: string) => string,
): (text: string) => string {
  const tokens = cleanTokens(value, scrub);
  if (!tokens) return scrub;
  const possible = crossing.filter((v) => mayOccur(v, tokens));
  if (possible.length === 0) return (text) => text;
  const across = new NeedleSet(possible);
  return (text) => {
    const replaced = across.replace(text, formOf);
    return replaced === text ? text : scrub(text);
  };
}

/** The texts a JSON text's tokens are written as, each followed by a double quote (which no structure-free run holds). */
interface TokenTexts {
  /** The strings and keys as JSON.stringify writes them, quotes and all. */
  strings: string;
  /** The numbers, `true`, `false` and `null`. */
  scalars: string;
}

/**
 * Whether a known value that holds a character of the structure can occur in the value's JSON
 * text (`JSON.stringify(value, null, 2)`, or a run of it), judged by its runs between those
 * characters: each lies within one of the text's runs between them, which are a string's or a
 * key's escaped characters (a double quote ends them), or spaces (the indentation, the space
 * after a colon) with at most one number, `true`, `false` or `null`. A run of the value with a
 * character other than a space that neither a string's text nor, spaces left off, a scalar's
 * holds rules the value out. Scanning the whole text for it (45 MB for 50,000 findings) is
 * then not needed.
 */
function mayOccur(known: string, tokens: TokenTexts): boolean {
  for (const run of known.split(STRUCTURE)) {
    const bare = run.replace(/^ +/, '');
    if (bare === '') continue; // spaces, or nothing: anywhere
    if (!tokens.strings.includes(run) && !tokens.scalars.includes(bare)) return false;
  }
  return true;
}

/**
 * The texts of the value's JSON tokens when every one comes through `scrub` unchanged and no
 * key starts a spanning pattern; undefined otherwise.
 */
function cleanTokens(value: unknown, scrub: (text: string) => string): TokenTexts | undefined {
  const strings = new Set<string>();
  const numbers = new Set<number>();
  const keys = new Set<string>();
  const walk = (v: unknown, depth: number): boolean => {
    if (typeof v === 'string') {
      strings.add(v);
      return true;
    }
    if (typeof v === 'number') {
      numbers.add(v);
      return true;
    }
    if (v === null || typeof v !== 'object') return true;
    // What JSON.stringify writes as a primitive or through toJSON is not taken apart here.
    if (depth > MAX_JSON_DEPTH || typeof (v as { toJSON?: unknown }).toJSON === 'function') return false;
    if (v instanceof String || v instanceof Number || v instanceof Boolean) return false;
    if (Array.isArray(v)) {
      for (const item of v) if (!walk(item, depth + 1)) return false;
      return true;
    }
    for (const k in v) {
      const member = (v as Record<string, unknown>)[k];
      // JSON.stringify writes no member for these.
      if (member === undefined || typeof member === 'function' || typeof member === 'symbol') continue;
      keys.add(k);
      if (!walk(member, depth + 1)) return false;
    }
    return true;
  };
  if (!walk(value, 0)) return undefined;
  for (const k of keys) {
    if (SPANNING_KEYS.has(k) || SPANNING_KEY.test(k)) return undefined;
    strings.add(k);
  }
  const texts: string[] = [];
  for (const s of strings) {
    const token = JSON.stringify(s);
    if (scrub(token) !== token) return undefined;
    texts.push(token);
  }
  const scalars = ['true', 'false', 'null'];
  for (const n of numbers) {
    const token = JSON.stringify(n);
    if (scrub(token) !== token) return undefined;
    scalars.push(token);
  }
  return { strings: texts.join('"'), scalars: scalars.join('"') };
}
