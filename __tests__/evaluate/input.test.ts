import { describe, expect, it } from 'vitest';
import { policyView } from '../../src/evaluate/input.js';

describe('policyView', () => {
  it('leaves a CustomResourceDefinition its names and versions but not its schemas', () => {
    const crd = {
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: 'policies.kyverno.io' },
      spec: {
        group: 'kyverno.io',
        names: { kind: 'Policy' },
        validation: { openAPIV3Schema: { type: 'object' } },
        versions: [{ name: 'v1', served: true, schema: { openAPIV3Schema: { type: 'object', properties: { a: {} } } } }, 'odd'],
      },
    };
    const view = policyView('CustomResourceDefinition', crd);
    expect(view).toEqual({
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: 'policies.kyverno.io' },
      spec: { group: 'kyverno.io', names: { kind: 'Policy' }, versions: [{ name: 'v1', served: true, schema: {} }, 'odd'] },
    });
    // The object itself is untouched (locations and fingerprints read it).
    expect(crd.spec.versions[0]).toHaveProperty('schema.openAPIV3Schema.properties.a');
  });

  it('passes every other object, and ill-typed CRDs, as they are', () => {
    const pod = { kind: 'Pod', spec: { containers: [] } };
    expect(policyView('Pod', pod)).toBe(pod);
    const odd = { kind: 'CustomResourceDefinition', spec: 'x' };
    expect(policyView('CustomResourceDefinition', odd)).toBe(odd);
  });
});
