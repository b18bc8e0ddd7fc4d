import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fingerprint, stablePath } from '../../src/report/fingerprint.js';

describe('fingerprint', () => {
  // Baselines and code scanning alerts are matched by fingerprint across versions of the gate:
  // a change of the value is a breaking change, not a refactoring.
  it('is the pinned SHA-256 of the rule, the resource and the named path', () => {
    const object = { spec: { template: { spec: { containers: [{ name: 'app', securityContext: { privileged: true } }] } } } };
    const path = ['spec', 'template', 'spec', 'containers', 0, 'securityContext', 'privileged'];
    expect(stablePath(path, object)).toBe('.spec.template.spec.containers[name=app].securityContext.privileged');
    expect(fingerprint({ ruleId: 'EKS-POD-001', resource: { kind: 'Deployment', namespace: 'shop', name: 'web' }, path, object }))
      .toBe('9ffc678b3649782cad333eb045baedf4');
  });

  it('equals the first 32 hex digits of createHash over the same identity, for any text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.string({ unit: 'binary' }), (file, message) => {
        const expected = createHash('sha256').update(`v1|EKS-X|file|${file}|${message}`).digest('hex').slice(0, 32);
        expect(fingerprint({ ruleId: 'EKS-X', file, message })).toBe(expected);
      }),
      { numRuns: 2000 },
    );
  });
});
