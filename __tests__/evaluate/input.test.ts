import { describe, expect, it } from 'vitest';
import { kindIndex, namespaceIndex, policyView, type InputDocument } from '../../src/evaluate/input.js';

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

describe('kindIndex', () => {
  const doc = (id: number, kind: string): InputDocument => ({ id, file: 'f.yaml', source: 'manifest', apiVersion: 'v1', kind, name: `n${id}`, namespace: '', object: {} });

  it('lists the ids of each kind in scan order, any kind name an own key', () => {
    const index = kindIndex([doc(0, 'Pod'), doc(1, 'Service'), doc(2, 'Pod'), doc(3, '__proto__'), doc(4, 'constructor'), doc(5, 'Pod')]);
    expect(index).toEqual({ Pod: [0, 2, 5], Service: [1], ['__proto__']: [3], constructor: [4] });
    expect(Object.keys(index)).toEqual(['Pod', 'Service', '__proto__', 'constructor']);
    expect(JSON.parse(JSON.stringify(index)).__proto__).toEqual([3]);
    expect(kindIndex([])).toEqual({});
  });
});

describe('namespaceIndex', () => {
  const doc = (id: number, namespace: string, source: InputDocument['source'] = 'manifest'): InputDocument =>
    ({ id, file: 'f.yaml', source, apiVersion: 'v1', kind: 'Pod', name: `n${id}`, namespace, object: {} });

  it('lists the ids of the Kubernetes documents of each namespace in scan order, any name an own key', () => {
    const index = namespaceIndex([
      doc(0, 'a'), doc(1, ''), doc(2, 'b'), doc(3, 'a'), doc(4, 'a', 'terraform'), doc(5, '__proto__'), doc(6, 'b', 'helm'),
    ]);
    expect(index).toEqual({ a: [0, 3], b: [2, 6], ['__proto__']: [5] });
    expect(Object.keys(index)).toEqual(['a', 'b', '__proto__']);
    expect(namespaceIndex([])).toEqual({});
  });
});
