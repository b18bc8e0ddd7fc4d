// src/glob.ts: the configuration's globs compiled once, answering as minimatch() does.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { minimatch } from 'minimatch';
import { glob, matchesGlob } from '../src/glob.js';

describe('matchesGlob', () => {
  it('answers as minimatch(), with and without dotfiles, asked again and again', () => {
    const patterns = ['**/vendor/**', '*/x.yaml', 'EKS-IMG-*', 'EKS-?T-*', '**/*.y?(a)ml', 'a/{b,c}/*.json', '.github/**', '#comment', '!neg*', ''];
    const values = ['vendor/a.yaml', 'x/vendor/b.yml', '.hidden/x.yaml', 'deploy/x.yaml', 'EKS-IMG-001', 'EKS-RT-002', 'a/b/c.json', '.github/w.yml', 'neg', ''];
    for (let round = 0; round < 2; round++) {
      for (const p of patterns) {
        for (const v of values) {
          for (const dot of [false, true]) expect(matchesGlob(v, p, dot), `${v} ${p} ${dot}`).toBe(minimatch(v, p, { dot }));
        }
      }
    }
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z.*?/{},-]{0,12}$/), fc.stringMatching(/^[a-z./-]{0,12}$/), fc.boolean(), (p, v, dot) => {
        expect(matchesGlob(v, p, dot)).toBe(minimatch(v, p, { dot }));
      }),
      { numRuns: 2000, seed: 20261128 },
    );
  });

  it('compiles a pattern once per option', () => {
    expect(glob('**/vendor/**', true)).toBe(glob('**/vendor/**', true));
    expect(glob('**/vendor/**', false)).not.toBe(glob('**/vendor/**', true));
  });
});
