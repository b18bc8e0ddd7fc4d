// A finding's mode and severity from the configuration's `rules` (src/gate/verdict.ts): an
// exact rule ID first, else the first glob that matches, else the policy's own, else the
// rule's defaults. Looked up once per rule and `rules` object (the gate asks per finding).
import { describe, expect, it } from 'vitest';
import { withDefaults } from '../../src/config/config.js';
import { ruleSetting, verdictFor } from '../../src/gate/verdict.js';

const defaults = { mode: 'enforce', severity: 'high' } as const;

describe('verdictFor', () => {
  it('takes the exact ID, then the first matching glob, then the policy, then the defaults', () => {
    const config = withDefaults({ rules: { 'EKS-IMG-001': { mode: 'audit' }, 'EKS-IMG-*': { mode: 'warn', severity: 'low' }, 'EKS-?T-*': { severity: 'info' } } });
    expect(verdictFor('EKS-IMG-001', defaults, {}, config)).toEqual({ mode: 'audit', severity: 'high' });
    expect(verdictFor('EKS-IMG-002', defaults, {}, config)).toEqual({ mode: 'warn', severity: 'low' });
    expect(verdictFor('EKS-RT-002', defaults, { mode: 'warn' }, config)).toEqual({ mode: 'warn', severity: 'info' });
    expect(verdictFor('EKS-PSB-001', defaults, { severity: 'critical' }, config)).toEqual({ mode: 'enforce', severity: 'critical' });
  });

  it('gives the same answers asked again, and each configuration its own', () => {
    const a = withDefaults({ rules: { 'EKS-IMG-*': { mode: 'warn' } } });
    const b = withDefaults({ rules: { 'EKS-IMG-*': { mode: 'off' } } });
    for (let i = 0; i < 3; i++) {
      expect(ruleSetting('EKS-IMG-003', a.rules)).toEqual({ mode: 'warn' });
      expect(ruleSetting('EKS-IMG-003', b.rules)).toEqual({ mode: 'off' });
      expect(ruleSetting('EKS-PSB-001', a.rules)).toBeUndefined();
    }
  });

  it('looks a glob up once per rule, not once per finding', () => {
    const rules: Record<string, { mode?: 'warn' }> = {};
    let reads = 0;
    Object.defineProperty(rules, 'EKS-IMG-*', { enumerable: true, get: () => (reads++, { mode: 'warn' }) });
    const config = { ...withDefaults({}), rules };
    for (let i = 0; i < 1000; i++) verdictFor('EKS-IMG-003', defaults, {}, config);
    expect(reads).toBe(1);
  });
});
