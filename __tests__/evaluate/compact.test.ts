// A value an evaluation built is copied down over that evaluation's garbage (src/evaluate/
// compact.ts): every node the runtime allocated in the region, as it was, buckets and chains
// included; everything below the region pointed at as it is.
import { describe, expect, it } from 'vitest';
import { loadAssets as assets } from '../../src/evaluate/assets.js';
import { compactValue } from '../../src/evaluate/compact.js';
import { loadPolicySync } from '../../src/evaluate/instance.js';
import { OpaLayoutError, ValueReader } from '../../src/evaluate/values.js';

type Exports = Record<string, (...args: number[]) => number>;

function runtime() {
  const policy = loadPolicySync(assets().wasm);
  const internals = policy as unknown as { wasmInstance: { exports: Exports }; mem: { buffer: ArrayBuffer } };
  const ex = internals.wasmInstance.exports;
  const call = (name: string, ...args: number[]) => (ex[name] as (...a: number[]) => number)(...args);
  const mem = internals.mem;
  /** A value in the runtime's own text syntax (sets, non-string keys), parsed by the runtime. */
  const value = (text: string) => {
    const bytes = new TextEncoder().encode(text);
    const at = call('opa_malloc', bytes.byteLength);
    new Uint8Array(mem.buffer).set(bytes, at);
    const addr = call('opa_value_parse', at, bytes.byteLength);
    expect(addr).toBeGreaterThan(0);
    return addr;
  };
  const dump = (addr: number) => {
    const at = call('opa_value_dump', addr);
    const bytes = new Uint8Array(mem.buffer);
    return new TextDecoder().decode(bytes.subarray(at, bytes.indexOf(0, at)));
  };
  const target = { memory: mem, malloc: (bytes: number) => call('opa_malloc', bytes) };
  return { call, value, dump, mem, target };
}

const TEXT = '{1: {"a", "b", "c"}, "k": [1.5, "x", null, true, {2: set()}], "nested": {"deep": [[], {}, 12345678901234567890]}, "s": "caf\\u00e9"}';

describe('copying a value out of the garbage of its evaluation', () => {
  it('gives the same value in less memory, its order and lookups as before', () => {
    const rt = runtime();
    const from = rt.call('opa_heap_ptr_get');
    // Garbage around and between the value's nodes, as an evaluation leaves it.
    for (let i = 0; i < 50; i++) rt.value(`{"garbage": [${i}, "${'g'.repeat(200)}"]}`);
    const root = rt.value(TEXT);
    for (let i = 0; i < 50; i++) rt.value(`["more garbage", ${i}]`);
    const to = rt.call('opa_heap_ptr_get');
    const before = rt.dump(root);
    let prepared = 0;
    const copy = compactValue(rt.target, root, from, to, () => {
      prepared++;
      rt.call('opa_heap_ptr_set', from);
    });
    expect(prepared).toBe(1);
    // Where the garbage was, and a fraction of it.
    expect(copy).toBeGreaterThanOrEqual(from);
    const end = rt.call('opa_heap_ptr_get');
    expect(end - from).toBeLessThan((to - from) / 10);
    // The garbage is overwritten: nothing of the copy may point into what is left of it.
    new Uint8Array(rt.mem.buffer).fill(0xee, end, to);
    expect(rt.dump(copy)).toBe(before);
    // The runtime's lookups in the copied buckets (the pod carriers by document id, every
    // package) are checked on the corpus: the same findings (heap.test.ts). Data is never
    // changed, and a change could not be made here: the copy has no blocks of its own to free.
  });

  it('points at the nodes below the region as they are, without copying them', () => {
    const rt = runtime();
    const outside = rt.value('{"doc": {"kind": "Pod", "spec": {"containers": [{"name": "app"}]}}}');
    const from = rt.call('opa_heap_ptr_get');
    const root = rt.value('{"pods": {}}');
    const pods = new ValueReader(rt.mem).elements(root, true)[0]?.[1] as number;
    expect(rt.call('opa_value_add_path', root, rt.value('["pods", "7"]'), outside)).toBe(0);
    const to = rt.call('opa_heap_ptr_get');
    const before = rt.dump(root);
    const copy = compactValue(rt.target, root, from, to, () => void rt.call('opa_heap_ptr_set', from));
    expect(rt.dump(copy)).toBe(before);
    const reader = new ValueReader(rt.mem);
    const [[, copiedPods]] = reader.elements(copy, true) as [[number, number]];
    expect(copiedPods).not.toBe(pods);
    const [[, carrier]] = reader.elements(copiedPods, true) as [[number, number]];
    expect(carrier).toBe(outside);
  });

  it('changes nothing when the value is not laid out as the runtime lays values out', () => {
    const rt = runtime();
    const from = rt.call('opa_heap_ptr_get');
    const root = rt.value('{"a": [1, 2, {"b": "c"}]}');
    const before = rt.dump(root);
    const to = rt.call('opa_heap_ptr_get');
    // The array's third element made a type the runtime does not have.
    const reader = new ValueReader(rt.mem);
    const [[, array]] = reader.elements(root, true) as [[number, number]];
    const third = reader.u32(reader.u32(array + 4) + 8 * 2 + 4);
    const bytes = new Uint8Array(rt.mem.buffer);
    const saved = bytes[third] as number;
    bytes[third] = 0x42;
    let prepared = 0;
    expect(() => compactValue(rt.target, root, from, to, () => void prepared++)).toThrow(OpaLayoutError);
    expect(prepared).toBe(0);
    expect(rt.call('opa_heap_ptr_get')).toBe(to);
    bytes[third] = saved;
    expect(rt.dump(root)).toBe(before);
  });

  it('leaves a value outside the region where it is', () => {
    const rt = runtime();
    const outside = rt.value('[1, 2]');
    const from = rt.call('opa_heap_ptr_get');
    expect(compactValue(rt.target, outside, from, from + 64, () => { throw new Error('not to be called'); })).toBe(outside);
  });
});
