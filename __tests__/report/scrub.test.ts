// scrubSecrets runs two of its patterns (URL credentials, kubeconfig credentials) only on the
// lines that can hold their secret, for speed on outputs of megabytes. On any text, the result
// must be what running every pattern over the whole text gives.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { SECRET_PATTERNS, redactedForm, scrubSecrets } from '../../src/report/secrets.js';

// The reference: every pattern over the whole text, as scrubSecrets did before. (The PEM
// block and placeholder handling are the same code path in both, so the fragments avoid them.)
function reference(text: string): string {
  let out = text;
  for (const p of SECRET_PATTERNS.filter((x) => x.kind !== 'gcp-sa-key')) {
    const re = new RegExp(p.source, `${p.flags}g`);
    out = out.replace(re, (match: string, ...rest: unknown[]) => {
      const secret = p.group === 0 ? match : rest[p.group - 1];
      if (typeof secret !== 'string' || secret === '') return match;
      const at = p.group === 0 ? 0 : match.lastIndexOf(secret);
      return match.slice(0, at) + redactedForm(secret) + match.slice(at + secret.length);
    });
  }
  return out;
}

const FRAGMENTS = [
  'https://deploy:s3cr3tPassw0rd@git.example.com/repo.git', 'postgres://app:Xy7pQ2rT9wLm@db:5432/x', 'ftp://a:b@c',
  'token: eyQ2k9TmZx81Lp0W', 'password:   hunter2hunter2', '  client-key-data: LS0tLS1CRUdJTiBSU0Eg', 'tokens: many',
  'http://example.com/path', 'mailto:someone@example.com', '"message": "uses http://x:y@z"', 'AKIAIOSFODNN7REALKEY',
  '\n', '\n', '\n', ' ', '\t', 'plain words', 'automountServiceAccountToken: true', '://', ':', '@', 'token:', 'password: ',
  // A sample of every other pattern, and pieces of them.
  'ASIAQWERTYUIOPASDFGH', 'A3TXQWERTYUIOPASDFGH', 'ABIA', 'ACCA', 'QWERTYUIOPASDFGH', `ghp_${'a1B2'.repeat(9)}`, `ghs_${'Zz09'.repeat(9)}`,
  'gh', 'p_', `github_pat_${'a_1B'.repeat(20)}ab`, 'glpat-abcdefghij0123456789', 'glpat', '-abcdefghij0123456789',
  'xoxb-1234567890-abcdefghij', 'xox', 'p-abcdefghij12', 'https://hooks.slack.com/services/T0ABCDEFGH/B0ABCDEFGH/abcdefghijklmnopqrstuvwx',
  'hooks.slack.com/services/', 'eyJhbGciOiJIUzI1NiJ9', '.', 'eyJzdWIiOiIxMjM0NTY3ODkwIn0', 'dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U',
  '{"auths": {"r.example.com": {"auth": "dXNlcjpwYXNzd29yZDEy"}}}', '"auths"', ': {"auth": "dXNlcjpwYXNzd29yZDEy"}',
  'aws_secret_access_key = ', 'abcdefghijABCDEFGHIJ0123456789/+abcdefgh', `aws_session_token=${'A1b2'.repeat(30)}`,
];

describe('scrubSecrets', () => {
  it('gives the same text as every pattern over the whole text', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...FRAGMENTS), { maxLength: 40 }), (parts) => {
        const text = parts.join('');
        expect(scrubSecrets(text)).toBe(reference(text));
      }),
      { numRuns: 2000 },
    );
  });

  it('redacts URL and kubeconfig credentials on any line of a long text', () => {
    const text = ['a'.repeat(1000), 'see https://bob:Pa55w0rdXYZ@h.example/x', 'b', 'token: abcdefgh12345678', 'c'].join('\n');
    const out = scrubSecrets(text);
    expect(out).not.toContain('Pa55w0rdXYZ');
    expect(out).not.toContain('abcdefgh12345678');
    expect(out).toContain('https://bob:');
  });
});
