// Results are read straight out of the Wasm memory (src/evaluate/values.ts) instead of through
// the runtime's JSON. The reader must give exactly what JSON.parse gives of that JSON, in the
// same order, for every value the runtime builds, and fall back to the SDK when the memory does
// not hold the layout it knows.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { LoadedPolicy } from '@open-policy-agent/opa-wasm';
import { loadAssets as assets } from '../../src/evaluate/assets.js';
import { initialPages } from '../../src/evaluate/engine.js';
import { evaluateEntrypoint, loadPolicySync, loadScan, resultOf, scanBytes } from '../../src/evaluate/instance.js';
import { OpaLayoutError, ValueReader } from '../../src/evaluate/values.js';
import { corpusInput } from './corpus.js';

type Exports = Record<string, (...args: number[]) => number>;

function runtime() {
  const policy = loadPolicySync(assets().wasm);
  const internals = policy as unknown as { wasmInstance: { exports: Exports }; mem: { buffer: ArrayBuffer } };
  const ex = internals.wasmInstance.exports;
  const mem = internals.mem;
  const write = (text: string, parse: 'opa_json_parse' | 'opa_value_parse') => {
    const bytes = new TextEncoder().encode(text);
    const at = ex.opa_malloc!(bytes.byteLength);
    new Uint8Array(mem.buffer).set(bytes, at);
    const addr = ex[parse]!(at, bytes.byteLength);
    expect(addr).toBeGreaterThan(0);
    return addr;
  };
  // What the SDK does with a value: the runtime's JSON, parsed.
  const viaJson = (addr: number): unknown => {
    const at = ex.opa_json_dump!(addr);
    const bytes = new Uint8Array(mem.buffer);
    const end = bytes.indexOf(0, at);
    return JSON.parse(new TextDecoder().decode(bytes.subarray(at, end)));
  };
  const reader = () => new ValueReader(mem, { dump: (addr) => ex.opa_json_dump!(addr) });
  return { policy, write, viaJson, reader, mem, dump: (addr: number) => ex.opa_json_dump!(addr) };
}

describe('reading OPA values out of the Wasm memory', () => {
  afterEach(() => vi.restoreAllMocks());

  const texts = [
    'null', 'true', 'false', '0', '-1', '42', '9007199254740993', '-9223372036854775808', '1.5', '-0.25', '1e300', '12345678901234567890123',
    '""', '"plain"', '"caf\\u00e9 \\u2603 \\ud83d\\ude00"', '"tab\\tnewline\\nquote\\"back\\\\slash\\u0001"',
    '[]', '{}', '[1,"two",null,[3,[4]],{"five":5}]',
    '{"b":1,"a":2,"10":"ten","2":"two","__proto__":{"polluted":true},"constructor":"c"}',
    JSON.stringify({ rule: 'EKS-X-001', doc: 7, path: ['spec', 'containers', 0, 'image'], message: 'm'.repeat(300), embedded: [], redact: ['s3cr3t'] }),
  ];

  it.each(texts)('%s reads as JSON.parse reads the runtime\'s JSON of it', (text) => {
    const rt = runtime();
    const addr = rt.write(text, 'opa_json_parse');
    const read = rt.reader().toJS(addr);
    const expected = rt.viaJson(addr);
    expect(read).toEqual(expected);
    // The same keys in the same order, and no prototype set through "__proto__".
    expect(JSON.stringify(read)).toBe(JSON.stringify(expected));
    if (read !== null && typeof read === 'object' && !Array.isArray(read)) expect(Object.getPrototypeOf(read)).toBe(Object.prototype);
  });

  it('reads sets and objects in the order the runtime iterates them', () => {
    const rt = runtime();
    const members = Array.from({ length: 200 }, (_, i) => JSON.stringify({ id: i, name: `n-${(i * 7919) % 1000}` }));
    const addr = rt.write(`{${members.join(',')}}`, 'opa_value_parse');
    const read = rt.reader().toJS(addr) as unknown[];
    expect(read).toHaveLength(200);
    expect(read).toEqual(rt.viaJson(addr));
    const object = rt.write(JSON.stringify(Object.fromEntries(Array.from({ length: 300 }, (_, i) => [`k${(i * 31) % 997}`, i]))), 'opa_json_parse');
    expect(Object.keys(rt.reader().toJS(object) as object)).toEqual(Object.keys(rt.viaJson(object) as object));
  });

  it('reads the numbers of loaded JSON (kept as their text) without asking the runtime', () => {
    const rt = runtime();
    const numbers = Array.from({ length: 1000 }, (_, i) => (i % 3 === 0 ? i * 7 - 3 : i / 8));
    const addr = rt.write(JSON.stringify(numbers), 'opa_json_parse');
    let dumps = 0;
    const reader = new ValueReader(rt.mem, { dump: (a) => (dumps++, rt.dump(a)) });
    expect(reader.toJS(addr)).toEqual(numbers);
    expect(dumps).toBe(0);
  });

  it('hands an object with non-string keys to the runtime\'s JSON', () => {
    const rt = runtime();
    const addr = rt.write('{{1:"one", ["a"]:"list"}, {"x": 1}}', 'opa_value_parse');
    expect(rt.reader().toJS(addr)).toEqual(rt.viaJson(addr));
  });

  it('refuses a memory that does not hold OPA values', () => {
    const buffer = new ArrayBuffer(4096);
    const bytes = new Uint8Array(buffer);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 131 + 7) & 0xff;
    // Noise either reads as some value or is refused as not OPA's layout; it never reads out
    // of bounds or walks for ever.
    let refused = 0;
    for (let addr = 0; addr < 4200; addr += 13) {
      try {
        new ValueReader({ buffer }).toJS(addr);
      } catch (thrown) {
        expect(thrown).toBeInstanceOf(OpaLayoutError);
        refused++;
      }
    }
    expect(refused).toBeGreaterThan(100);
    const reader = new ValueReader({ buffer });
    expect(() => reader.result(8)).toThrow(OpaLayoutError);
    // A set that claims more elements than its buckets hold.
    const view = new DataView(buffer);
    bytes.fill(0);
    view.setUint8(64, 7); // set
    view.setUint32(68, 128, true); // buckets
    view.setUint32(72, 1, true); // one bucket
    view.setUint32(76, 5, true); // five elements
    view.setUint32(128, 0, true); // the bucket is empty
    expect(() => reader.toJS(64)).toThrow(OpaLayoutError);
    // A cycle: an array whose element is the array itself.
    bytes.fill(0);
    view.setUint8(64, 5); // array
    view.setUint32(68, 128, true); // elements
    view.setUint32(72, 1, true); // length 1
    view.setUint32(132, 64, true); // element 0's value: the array
    expect(() => reader.toJS(64)).toThrow(OpaLayoutError);
  });
});

describe('evaluating an entrypoint', () => {
  afterEach(() => vi.restoreAllMocks());

  function corpusPolicy(): LoadedPolicy {
    const bytes = scanBytes(corpusInput().input, true);
    const policy = loadPolicySync(assets().wasm, { initial: initialPages(bytes.byteLength) });
    expect(loadScan(policy, bytes, true)).toBe('graft');
    return policy;
  }

  it('gives every entrypoint\'s result exactly as the SDK does, on the whole corpus', () => {
    const policy = corpusPolicy();
    const read = vi.spyOn(ValueReader.prototype, 'toJS');
    const names = Object.keys(policy.entrypoints).filter((n) => n.startsWith('eks/entry/'));
    expect(names.length).toBeGreaterThan(150);
    let findings = 0;
    for (const name of names) {
      const fast = evaluateEntrypoint(policy, name);
      const sdk = resultOf(policy.evaluate(undefined, name));
      expect(JSON.stringify(fast), name).toBe(JSON.stringify(sdk));
      if (Array.isArray(fast)) findings += fast.length;
    }
    expect(findings).toBeGreaterThan(5000);
    // Read from the memory, not through the fallback.
    expect(read.mock.calls.length).toBeGreaterThan(names.length);
  }, 240_000);

  it('falls back to the SDK for good when the memory is not as expected', () => {
    const policy = corpusPolicy();
    const rule = 'eks/entry/rule_psr__seccomp';
    const expected = resultOf(policy.evaluate(undefined, rule));
    const read = vi.spyOn(ValueReader.prototype, 'toJS').mockImplementation(() => {
      throw new OpaLayoutError('not this layout');
    });
    expect(evaluateEntrypoint(policy, rule)).toEqual(expected);
    // Tried once for the result, and once by the first sprintf call (builtins.ts): both left it
    // to the SDK from then on, so the second evaluation went straight to the SDK.
    expect(read).toHaveBeenCalledTimes(2);
    expect(evaluateEntrypoint(policy, rule)).toEqual(expected);
    expect(read).toHaveBeenCalledTimes(2);
    expect((expected as unknown[]).length).toBeGreaterThan(0);
  }, 120_000);

  it('throws a policy\'s own error as the SDK does', () => {
    const policy = loadPolicySync(assets().wasm);
    expect(() => evaluateEntrypoint(policy, 'eks/entry/no_such_entrypoint')).toThrow(/not valid/);
  });
});
