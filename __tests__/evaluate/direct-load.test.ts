// The documents written once, by the main thread, from its own objects (src/evaluate/direct-load.ts),
// and copied into the worker's instance: both instances must hold every document as the scan's
// JSON would have loaded it, and every package must give the same result. The two threads are
// played here one after the other.
import { describe, expect, it } from 'vitest';
import type { LoadedPolicy } from '@open-policy-agent/opa-wasm';
import { loadAssets } from '../../src/evaluate/assets.js';
import { initialPages } from '../../src/evaluate/engine.js';
import { evaluateEntrypoint, loadPolicySync, loadScan, scanJson, type DirectScan } from '../../src/evaluate/instance.js';
import { reach, type InstanceSite, type WrittenDocuments } from '../../src/evaluate/direct-load.js';
import { buildInput, type PolicyInput, type ScanDocument } from '../../src/evaluate/input.js';
import { withDefaults } from '../../src/config/config.js';
import { corpusInput, documents, loadedPolicy } from './corpus.js';

const PAGE = 65536;

/** The main thread's instance, loaded from the documents' objects; the block it published and the pages it asked the worker to take. */
function mainInstance(input: PolicyInput, extra: Partial<DirectScan> = {}): { policy: LoadedPolicy; written?: WrittenDocuments; pages: number; fellBack: boolean } {
  const skeleton = scanJson(input, true, false).bytes;
  const policy = loadPolicySync(loadAssets().wasm, { initial: initialPages(skeleton.byteLength) });
  let written: WrittenDocuments | undefined;
  let pages = 0;
  let fellBack = false;
  const how = loadScan(policy, {
    skeleton,
    documents: input.documents,
    pagesFor: initialPages,
    publish: (w, p) => {
      written = w;
      pages = p;
    },
    fallback: () => {
      fellBack = true;
      return scanJson(input, true);
    },
    ...extra,
  }, true);
  expect(how).toBe('graft');
  return { policy, ...(written ? { written } : {}), pages, fellBack };
}

function workerInstance(input: PolicyInput, written: WrittenDocuments, pages: number): LoadedPolicy {
  const policy = loadPolicySync(loadAssets().wasm, { initial: pages });
  expect(loadScan(policy, { skeleton: scanJson(input, true, false).bytes, written }, true)).toBe('graft');
  return policy;
}

function memoryBytes(policy: LoadedPolicy): number {
  return (policy as unknown as { mem: { buffer: ArrayBuffer } }).mem.buffer.byteLength;
}

/** A scan of ConfigMaps with these objects. */
function inputOf(objects: Array<Record<string, unknown>>): PolicyInput {
  const docs = objects.map(
    (object, id) => ({ id, file: 'f.yaml', source: 'manifest', apiVersion: 'v1', kind: 'ConfigMap', name: `n${id}`, namespace: 'default', object }) as unknown as ScanDocument,
  );
  return buildInput(docs, withDefaults({}));
}

describe('the documents written from their objects', () => {
  it('gives both instances every document of the corpus, and every package the same result, as the scan\'s JSON', () => {
    const { input } = corpusInput();
    const json = scanJson(input, true);
    const whole = loadedPolicy(json);
    const reference = documents(whole);
    expect(reference.length).toBeGreaterThan(1500);
    const main = mainInstance(input);
    expect(main.fellBack).toBe(false);
    expect(main.written).toBeDefined();
    const worker = workerInstance(input, main.written as WrittenDocuments, main.pages);
    expect(documents(main.policy)).toEqual(reference);
    expect(documents(worker)).toEqual(reference);
    // Sized as for the scan's JSON, and the worker's memory as large as the main thread's.
    expect(memoryBytes(main.policy)).toBeGreaterThanOrEqual(initialPages(json.bytes.byteLength) * PAGE * 0.9);
    expect(main.pages * PAGE).toBe(memoryBytes(main.policy));
    const names = Object.keys(whole.entrypoints).filter((n) => n.startsWith('eks/entry/'));
    expect(names.length).toBeGreaterThan(100);
    for (const name of names) {
      const expected = JSON.stringify(evaluateEntrypoint(whole, name));
      expect(JSON.stringify(evaluateEntrypoint(main.policy, name)), name).toBe(expected);
      expect(JSON.stringify(evaluateEntrypoint(worker, name)), name).toBe(expected);
    }
  }, 240_000);

  it('writes what JSON leaves out or writes as null as the JSON reads, lone surrogates as U+FFFD, members in JSON\'s order', () => {
    const bare = Object.create(null) as Record<string, unknown>;
    bare.b = 1;
    bare.a = [2];
    const sparse = [1, undefined, () => 2, Symbol('s'), NaN, -0, Infinity];
    sparse.length = 9; // two holes at the end
    const input = inputOf([
      { n: NaN, inf: -Infinity, u: undefined, f: () => 1, s: Symbol('s'), arr: sparse, lone: '\uD800x', pair: '\u{1F600}', '10': 'a', '2': 'b', z: 'c', bare },
      { __proto__: null, deep: { a: { b: { c: [[[{}]]] } } }, big: 1e21, small: 5e-324, neg: -0 },
    ]);
    const main = mainInstance(input);
    expect(main.fellBack).toBe(false);
    const viaJson = documents(loadedPolicy(scanJson(input, true)));
    expect(documents(main.policy)).toEqual(viaJson);
    expect(documents(loadedPolicy(scanJson(input, true), false))).toEqual(viaJson);
    const first = JSON.parse(viaJson[0] ?? '{}') as { object: Record<string, unknown> };
    expect(first.object).toMatchObject({ n: null, inf: null, arr: [1, null, null, null, null, 0, null, null, null], lone: '\uFFFDx' });
    expect(Object.keys(first.object)).not.toContain('u');
  });

  it('loads the scan\'s JSON instead when a document holds what JSON.stringify writes its own way', () => {
    class Custom {
      readonly x = 1;
    }
    const cases: Array<Record<string, unknown>> = [
      { when: new Date(0) },
      { boxed: Object('text') as unknown },
      { custom: new Custom() },
      { own: { toJSON: () => 'replaced' } },
      { ['lone\uDC00key']: 1, ['lone\uDC01key']: 2 },
    ];
    for (const object of cases) {
      const input = inputOf([{ plain: 'yes' }, object]);
      const main = mainInstance(input);
      expect(main.fellBack, JSON.stringify(object)).toBe(true);
      expect(main.written).toBeUndefined();
      expect(documents(main.policy)).toEqual(documents(loadedPolicy(scanJson(input, true))));
    }
    // What JSON.stringify cannot write at all fails as it does.
    expect(() => mainInstance(inputOf([{ big: 10n }]))).toThrow(/BigInt/);
  });

  it('refuses a block that does not start where the instance\'s would, or points outside itself', () => {
    const input = inputOf([{ a: 'b' }, { c: ['d'] }]);
    const main = mainInstance(input);
    const written = main.written as WrittenDocuments;
    expect(documents(workerInstance(input, written, main.pages))).toEqual(documents(main.policy));
    const skeleton = scanJson(input, true, false).bytes;
    for (const wrong of [{ ...written, base: written.base + (1 << 20) }, { ...written, values: written.values.map((v) => v + written.block.byteLength) }]) {
      const policy = loadPolicySync(loadAssets().wasm, { initial: main.pages });
      expect(() => loadScan(policy, { skeleton, written: wrong }, true)).toThrow('do not fit this instance');
      // With the scan's JSON to fall back on, it loads that.
      expect(loadScan(policy, { skeleton, written: wrong, fallback: () => scanJson(input, true) }, true)).toBe('graft');
      expect(documents(policy)).toEqual(documents(main.policy));
    }
  });

  it('grows the memory through the runtime\'s allocator, which then knows where it ends', () => {
    const site = (policy: LoadedPolicy): InstanceSite => {
      const p = policy as unknown as { mem: InstanceSite['mem']; wasmInstance: { exports: Record<string, (...a: number[]) => number> } };
      return { mem: p.mem, call: (name, ...args) => (p.wasmInstance.exports[name] as (...a: number[]) => number)(...args) };
    };
    const grown = site(loadPolicySync(loadAssets().wasm, { initial: 256 }));
    reach(grown, 64 << 20);
    const size = grown.mem.buffer.byteLength;
    expect(size).toBeGreaterThanOrEqual(64 << 20);
    // Allocating up to where the memory ends grows it no further.
    grown.call('opa_heap_ptr_set', 32 << 20);
    for (let i = 0; i < 30; i++) grown.call('opa_malloc', 1 << 20);
    expect(grown.mem.buffer.byteLength).toBe(size);
    // Grown from outside, the runtime would grow it again for every block past where it thinks it ends.
    const outsidePolicy = loadPolicySync(loadAssets().wasm, { initial: 256 });
    const outside = site(outsidePolicy);
    (outsidePolicy as unknown as { mem: { grow(pages: number): number } }).mem.grow(1024 - 256);
    outside.call('opa_heap_ptr_set', 32 << 20);
    for (let i = 0; i < 30; i++) outside.call('opa_malloc', 1 << 20);
    expect(outside.mem.buffer.byteLength).toBeGreaterThan(64 << 20);
    // Past what a 32-bit memory can address, without growing it.
    expect(() => reach(grown, 2 ** 32)).toThrow(RangeError);
    expect(grown.mem.buffer.byteLength).toBe(size);
  });
});
