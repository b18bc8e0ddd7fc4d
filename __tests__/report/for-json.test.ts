// Scrubber.forJson gives the report writer a cheaper scrub for a JSON report's text, found by
// scrubbing each distinct string, key and number alone. On the value's text it must give
// exactly what the scrubber gives.
import { describe, expect, it, vi } from 'vitest';
import fc from 'fast-check';
import { SECRET_PATTERNS, secretScrubber } from '../../src/report/secrets.js';
import { writeReport } from '../../src/report/output.js';
import { NeedleSet } from '../../src/report/needles.js';

const KNOWN = 'Kn0wnSecretValue-42xyz';
// Known values that hold characters of the JSON text's structure.
const QUOTED = 'ab"cd12345678';
const MULTILINE = 'line1234\nline5678';
const COLON = 'x: 1234abcd';

// Secrets, pieces of secrets and the words the patterns start at, and plain text, which is
// drawn more often: a value is left as it is only when all of its strings are clean.
const RISKY = [
  'AKIAIOSFODNN7REALKEY', 'AKIA', 'IOSFODNN7REALKEY', `ghp_${'a1B2'.repeat(9)}`, 'glpat-abcdefghij0123456789', 'xoxb-1234567890-abcdefghij',
  'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U', 'eyJhbGciOiJIUzI1NiJ9',
  'https://deploy:s3cr3tPassw0rd@git.example.com/repo.git', 'https://deploy', 's3cr3tPassw0rd@git.example.com',
  'token: eyQ2k9TmZx81Lp0W', 'password', 'token', 'client-key-data', 'auths', 'auth', 'dXNlcjpwYXNzd29yZDEy',
  'aws_secret_access_key', 'AWS_SECRET_ACCESS_KEY', 'secretaccesskey', 'aws_session_token',
  '-----BEGIN RSA PRIVATE KEY-----', 'MIIEpAIBAAKCAQEA', '-----END RSA PRIVATE KEY-----',
  KNOWN, 'Kn0wnSecret', 'Value-42xyz', JSON.stringify(KNOWN).slice(1, -1), QUOTED, MULTILINE, COLON, 'ab', 'cd12345678', 'line1234', '1234abcd',
];
// Clean alone, but a secret after a key such as aws_secret_access_key, or inside "auths".
const SECRET_AFTER_KEY = ['abcdefghijABCDEFGHIJ0123456789/+abcdefgh', 'A1b2'.repeat(30), 'dXNlcjpwYXNzd29yZDEy'];
const PLAIN = ['plain words', 'deploy/app.yaml', 'EKS-DATA-009', '', ' ', ':', '"', '\n', '=', '{', '}', '@', '://', 'true', 'null', '12345'];

const word = fc.oneof(
  { arbitrary: fc.constantFrom(...PLAIN), weight: 6 },
  { arbitrary: fc.constantFrom(...SECRET_AFTER_KEY), weight: 2 },
  { arbitrary: fc.constantFrom(...RISKY), weight: 1 },
);
const text = fc.array(word, { maxLength: 3 }).map((ws) => ws.join(''));
const key = fc.oneof(
  { arbitrary: text, weight: 2 },
  { arbitrary: fc.constantFrom('auths', 'auth', 'aws_secret_access_key', 'AWS_SESSION_TOKEN', 'secretAccessKey', 'token', 'password'), weight: 1 },
);
const json = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    text,
    fc.constantFrom(...SECRET_AFTER_KEY),
    fc.constantFrom(0, 1, 12345678, 1234567890123456, -7.5, 1e21, true, false, null),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(key, tie('value'), { maxKeys: 4 }),
  ),
})).value;

describe('Scrubber.forJson', () => {
  it('gives what the scrubber gives on the text of any value, and takes the cheaper way often', () => {
    for (const known of [[KNOWN], [KNOWN, QUOTED, MULTILINE, COLON]]) {
      const scrub = secretScrubber(known);
      let cheaper = 0;
      let changed = 0;
      fc.assert(
        fc.property(json, (value) => {
          const whole = JSON.stringify(value, null, 2);
          const forJson = scrub.forJson(value);
          if (forJson !== scrub) cheaper++;
          const expected = scrub(whole);
          if (expected !== whole) changed++;
          expect(forJson(whole)).toBe(expected);
        }),
        { numRuns: 3000 },
      );
      // Both ways were taken, on texts the scrubber changes and texts it leaves (not vacuous).
      expect(cheaper).toBeGreaterThan(100);
      expect(changed).toBeGreaterThan(100);
    }
  });

  it('scrubs fully where a key lets a pattern run into its value', () => {
    const scrub = secretScrubber([]);
    const cases = [
      { aws_secret_access_key: 'abcdefghijABCDEFGHIJ0123456789/+abcdefgh' },
      { config: { AWS_SECRET_ACCESS_KEY: 'abcdefghijABCDEFGHIJ0123456789/+abcdefgh' } },
      { aws_session_token: 'A1b2'.repeat(30) },
      { auths: { 'registry.example.com': { auth: 'dXNlcjpwYXNzd29yZDEy' } } },
    ];
    for (const value of cases) {
      const whole = JSON.stringify(value, null, 2);
      // Each string alone is clean; the text is not.
      expect(scrub(whole)).not.toBe(whole);
      expect(scrub.forJson(value)).toBe(scrub);
    }
  });

  it('looks for the known values that hold a quote, a colon or a line break over the whole text', () => {
    // A known value that the text holds across a key and its value, and in no token.
    const across = 'k": "abcd1234';
    const scrub = secretScrubber([across, KNOWN]);
    const value = { k: 'abcd1234', other: 'plain' };
    const whole = JSON.stringify(value, null, 2);
    expect(whole).toContain(across);
    const forJson = scrub.forJson(value);
    expect(forJson).not.toBe(scrub);
    expect(forJson(whole)).toBe(scrub(whole));
    expect(forJson(whole)).not.toContain(across);
    const clean = JSON.stringify({ k: 'plain', other: 'plain' }, null, 2);
    expect(scrub.forJson({ k: 'plain', other: 'plain' })(clean)).toBe(clean);
  });

  it('finds known values across lines, indentation and numbers, and does not look for one whose pieces no token holds', () => {
    const value = { list: ['ab12cd34', 'ef56gh78'], a: 1234567, b: 7654321 };
    const whole = JSON.stringify(value, null, 2);
    // Across two array items (their quotes, the comma, the line break and the indentation), and
    // across a number, the next key and another number.
    for (const known of ['ab12cd34",\n    "ef56gh78', '1234567,\n  "b": 7654321']) {
      expect(whole).toContain(known);
      const scrub = secretScrubber([known]);
      const forJson = scrub.forJson(value);
      expect(forJson).not.toBe(scrub);
      expect(forJson(whole)).toBe(scrub(whole));
      expect(forJson(whole)).not.toContain(known);
    }
    // A known value whose pieces between the structure's characters no string, key or number of
    // the value holds is not looked for over the text at all.
    const scrub = secretScrubber([MULTILINE, QUOTED]);
    const replace = vi.spyOn(NeedleSet.prototype, 'replace');
    try {
      // (The scrubber itself runs the known values over each token.)
      const scanned = (text: string) => replace.mock.calls.some(([t]) => t === text);
      const forJson = scrub.forJson(value);
      expect(forJson(whole)).toBe(whole);
      expect(scanned(whole)).toBe(false);
      // One that could be there is.
      const near = { ...value, note: ['line1234', 'line5678'] };
      const text = JSON.stringify(near, null, 2);
      expect(scrub.forJson(near)(text)).toBe(text);
      expect(scanned(text)).toBe(true);
    } finally {
      replace.mockRestore();
    }
  });

  it('does not take apart what JSON.stringify writes whole: toJSON, boxed strings', () => {
    const scrub = secretScrubber([]);
    expect(scrub.forJson({ when: new Date(0) })).toBe(scrub);
    expect(scrub.forJson({ s: new String('AKIAIOSFODNN7REALKEY') })).toBe(scrub);
    expect(scrub.forJson({ skipped: undefined, f: () => 'AKIAIOSFODNN7REALKEY', list: [undefined] })).not.toBe(scrub);
  });

  it('knows every pattern that can match a double quote (the ones it guards against)', () => {
    // A pattern that can match `"` could cross from one token of the JSON text to the next.
    const crossing = SECRET_PATTERNS.filter((p) => canMatchQuote(p.source)).map((p) => p.kind).sort();
    expect(crossing).toEqual(['aws-secret-access-key', 'aws-session-token', 'dockerconfig-auth', 'gcp-sa-key']);
  });
});

describe('writeReport with a JSON body', () => {
  it('scrubs each distinct string once instead of the text, and writes what scrubbing the text gives', () => {
    const scrub = secretScrubber([KNOWN, MULTILINE]);
    let calls = 0;
    const counting = Object.assign((t: string) => {
      calls++;
      return scrub(t);
    }, { forJson: (v: unknown) => scrub.forJson(v) });
    const value = { findings: Array.from({ length: 30_000 }, (_, i) => ({ ruleId: 'EKS-POD-001', message: `container app-${i} runs as root`, line: i })) };
    const out: string[] = [];
    writeReport({ json: value }, { out: (t) => out.push(t), scrub: counting });
    const whole = `${JSON.stringify(value, null, 2)}\n`;
    expect(out.join('')).toBe(whole);
    expect(scrub(whole)).toBe(whole);
    // The batches did not go through the scrubber (forJson's checks of each string did).
    expect(calls).toBe(0);
  });
});

/**
 * Whether a regular expression source can match a double quote: a literal `"`, `.`, `\S`, `\W`,
 * `\D`, or a negated class that does not exclude it.
 */
function canMatchQuote(source: string): boolean {
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') {
      const e = source[i + 1] ?? '';
      if ('SWD'.includes(e)) return true;
      i++;
      continue;
    }
    if (c === '"' || c === '.') return true;
    if (c === '[') {
      let j = i + 1;
      const negated = source[j] === '^';
      if (negated) j++;
      let hasQuote = false;
      let wide = false;
      for (; j < source.length && source[j] !== ']'; j++) {
        if (source[j] === '\\') {
          const e = source[j + 1] ?? '';
          if ('SWD'.includes(e)) wide = true;
          j++;
          continue;
        }
        if (source[j] === '"') hasQuote = true;
      }
      if (negated ? !hasQuote : hasQuote || wide) return true;
      i = j;
    }
  }
  return false;
}
