// The TypeScript last line of defence (report/secrets.ts) and the policies' patterns
// (rego/lib/secrets.rego) must agree; the scrubber must keep JSON valid and leave ordinary
// text alone.
import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from '../helpers.js';
import { SECRET_PATTERNS, knownSecrets, redactedForm, scrubSecrets, secretScrubber } from '../../src/report/secrets.js';

/** The `patterns` object of rego/lib/secrets.rego: kind -> {re, group}. */
function regoPatterns(): Map<string, { re: string; group: number }> {
  const text = fs.readFileSync(path.join(ROOT, 'rego/lib/secrets.rego'), 'utf8');
  const block = text.slice(text.indexOf('patterns := {'), text.indexOf('\n}\n', text.indexOf('patterns := {')));
  const out = new Map<string, { re: string; group: number }>();
  const entry = /"([a-z0-9-]+)": \{\s*"re": `([^`]*)`,\s*"group": (\d+)/g;
  for (let m = entry.exec(block); m; m = entry.exec(block)) out.set(m[1] as string, { re: m[2] as string, group: Number(m[3]) });
  return out;
}

describe('secret patterns', () => {
  it('are the same in Rego and TypeScript', () => {
    const rego = regoPatterns();
    expect([...rego.keys()].sort()).toEqual(SECRET_PATTERNS.map((p) => p.kind).sort());
    for (const p of SECRET_PATTERNS) {
      const inline = p.flags ? `(?${p.flags})` : '';
      expect(rego.get(p.kind), p.kind).toEqual({ re: inline + p.source, group: p.group });
    }
  });
});

describe('scrubSecrets', () => {
  const key = 'AKIAQWERTYUIOPASDFGH';

  it('replaces the secret part of every high-confidence match', () => {
    expect(scrubSecrets(`id ${key} here`)).toBe('id AKIA***(redacted, 20 chars) here');
    expect(scrubSecrets('aws_secret_access_key = abcdefghijABCDEFGHIJ0123456789/+abcdefgh')).toBe('aws_secret_access_key = abcd***(redacted, 40 chars)');
    expect(scrubSecrets('postgres://app:s3cretPassw0rd@db/app')).toBe('postgres://app:s3c***(redacted, 14 chars)@db/app');
    expect(scrubSecrets('-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIAbc\n-----END EC PRIVATE KEY-----')).toBe('----***(redacted, 72 chars)');
  });

  it('catches a sample of every pattern (the cheap prefilter lets each through)', () => {
    const samples: Record<string, string> = {
      'aws-access-key-id': 'AKIAQWERTYUIOPASDFGH',
      'aws-secret-access-key': 'aws_secret_access_key = abcdefghijABCDEFGHIJ0123456789/+abcdefgh',
      'aws-session-token': `aws_session_token=${'A1b2'.repeat(30)}`,
      'private-key': '-----BEGIN RSA PRIVATE KEY-----\nMIIEabc\n-----END RSA PRIVATE KEY-----',
      'github-token': `ghp_${'a1B2'.repeat(9)}`,
      'gitlab-pat': 'glpat-abcdefghij0123456789',
      'slack-token': 'xoxb-1234567890-abcdefghij',
      'slack-webhook': 'https://hooks.slack.com/services/T0ABCDEFGH/B0ABCDEFGH/abcdefghijklmnopqrstuvwx',
      jwt: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U',
      'url-with-credentials': 'postgres://app:s3cretPassw0rd@db/app',
      'dockerconfig-auth': '{"auths": {"r.example.com": {"auth": "dXNlcjpwYXNzd29yZDEy"}}}',
      'gcp-sa-key': '{"type": "service_account", "private_key": "-----BEGIN PRIVATE KEY-----\\nMIIE\\n-----END PRIVATE KEY-----\\n"}',
      'kubeconfig-creds': 'users:\n- name: u\n  user:\n    token: abcdefgh12345678',
    };
    expect(Object.keys(samples).sort()).toEqual(SECRET_PATTERNS.map((p) => p.kind).sort());
    for (const [kind, sample] of Object.entries(samples)) {
      expect(scrubSecrets(sample), kind).not.toBe(sample);
      expect(scrubSecrets(sample), kind).toContain('(redacted,');
    }
  });

  it('leaves documentation examples, placeholders and ordinary text alone', () => {
    for (const text of [
      'AKIAIOSFODNN7EXAMPLE',
      'postgres://app:${DB_PASSWORD}@db/app',
      'token: {{ .Values.token }}',
      'ClusterRoleBinding "admins" binds User/alice to cluster-admin',
      'https://example.com/path?q=1',
    ]) expect(scrubSecrets(text)).toBe(text);
  });

  it('keeps a rendered JSON document valid', () => {
    const doc = { message: `leaked ${key} and postgres://u:p4ssw0rd!x@h/d`, pem: '-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----' };
    const scrubbed = scrubSecrets(JSON.stringify(doc, null, 2));
    const parsed = JSON.parse(scrubbed);
    expect(parsed.message).toBe('leaked AKIA***(redacted, 20 chars) and postgres://u:p4***(redacted, 10 chars)@h/d');
    expect(parsed.pem).not.toContain('AAAA');
  });
});

describe('known values', () => {
  it('are scrubbed only when they look generated', () => {
    expect(knownSecrets(['password', 'storageos', 'admin', 'hunter2x1', ' Zm9vYmFyMTIz\n', 'a-long-plain-value-of-words'])).toEqual(['hunter2x1', 'Zm9vYmFyMTIz', 'a-long-plain-value-of-words']);
  });

  it('are replaced as written and as JSON spells them', () => {
    const scrub = secretScrubber(['multi\nline-s3cret-value']);
    expect(scrub('a multi\nline-s3cret-value b')).toBe(`a ${redactedForm('multi\nline-s3cret-value')} b`);
    expect(scrub(JSON.stringify({ m: 'x multi\nline-s3cret-value' }))).toBe(JSON.stringify({ m: `x ${redactedForm('multi\nline-s3cret-value')}` }));
    expect(scrub('the password is password')).toBe('the password is password');
  });

  it('show at most a quarter of a short value', () => {
    expect(redactedForm('abcdefgh')).toBe('ab***(redacted, 8 chars)');
    expect(redactedForm('abc')).toBe('***(redacted, 3 chars)');
    expect(redactedForm('0123456789abcdef')).toBe('0123***(redacted, 16 chars)');
  });
});
