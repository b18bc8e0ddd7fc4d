// The documents written into the Wasm memory as OPA values (src/evaluate/writer.ts) against the
// same documents parsed by OPA's runtime: the same values, members in the same buckets and
// order (the runtime finds each key where it looks and iterates as it would have), so every
// rule package gives the same result in the same order, in less memory.
import { describe, expect, it } from 'vitest';
import { loadAssets } from '../../src/evaluate/assets.js';
import { evaluateEntrypoint, heapPointer, loadPolicySync, scanJson } from '../../src/evaluate/instance.js';
import { ValueReader, type WasmMemory } from '../../src/evaluate/values.js';
import { bucketsFor, PROBE_JSON, sameLayout, stringHash, ValueWriter } from '../../src/evaluate/writer.js';
import { buildInput, type ScanDocument } from '../../src/evaluate/input.js';
import { withDefaults } from '../../src/config/config.js';
import { corpusInput, documents, loadedPolicy } from './corpus.js';

describe('documents written as values', () => {
  it('lays every document of the corpus out as the runtime parses it, and every package gives the same result in the same order', () => {
    const json = scanJson(corpusInput().input, true);
    const written = loadedPolicy(json, true);
    const parsed = loadedPolicy(json, false);
    const a = documents(written);
    expect(a.length).toBeGreaterThan(1500);
    expect(a).toEqual(documents(parsed));
    const names = Object.keys(written.entrypoints).filter((n) => n.startsWith('eks/entry/'));
    let findings = 0;
    for (const name of names) {
      const x = JSON.stringify(evaluateEntrypoint(written, name));
      expect(x, name).toBe(JSON.stringify(evaluateEntrypoint(parsed, name)));
      findings += x.length;
    }
    expect(findings).toBeGreaterThan(1_000_000);
    // Each distinct string once, no block per value.
    expect(heapPointer(written) ?? 0).toBeLessThan(0.7 * (heapPointer(parsed) ?? 0));
  }, 240_000);

  it('places keys the runtime way: buckets grown as its inserts grow them, chains in byte order, any characters', () => {
    expect([0, 5, 6, 11, 12, 22, 23, 44, 45].map(bucketsFor)).toEqual([8, 8, 16, 16, 32, 32, 64, 64, 128]);
    expect(stringHash(new Uint8Array())).toBe(0x811c9dc5);
    const keys = ['a', 'ab', 'b', 'é', 'e\u0301', 'ü', '\u{1F600}', '\uFFFD', '', 'A', '0', '__proto__', 'x'.repeat(300)];
    const object: Record<string, number> = {};
    for (let i = 0; i < 40; i++) object[`k${i}`] = i;
    keys.forEach((k, i) => Object.defineProperty(object, k, { value: i, enumerable: true }));
    const docs = [object, { small: { a: 1, b: [true, false, null, 1.5, -0, 1e21, 'x'] } }].map(
      (o, id) => ({ id, file: 'f.yaml', source: 'k8s', apiVersion: 'v1', kind: 'ConfigMap', name: `n${id}`, namespace: 'default', object: o }) as unknown as ScanDocument,
    );
    const json = scanJson(buildInput(docs, withDefaults({})), false);
    expect(documents(loadedPolicy(json, true))).toEqual(documents(loadedPolicy(json, false)));
  });

  it('leaves a string that is not well-formed UTF-16 to the runtime, which refuses it as before (scanJson writes U+FFFD instead)', () => {
    const memory = { buffer: new ArrayBuffer(1 << 16) };
    let top = 8;
    const writer = new ValueWriter(memory, (size) => ((top += size), top - size));
    expect(writer.write([{ lone: '\uD800 surrogate' }])).toBeUndefined();
    const [at] = writer.write([{ a: 'fine', lone: 'after' }]) ?? [];
    expect(JSON.stringify(new ValueReader(memory).toJS(at ?? 0))).toMatch(/^\{("a":"fine","lone":"after"|"lone":"after","a":"fine")\}$/);
    const docs = [{ a: 'fine' }, { lone: '\uD800 surrogate' }].map(
      (o, id) => ({ id, file: 'f.yaml', source: 'k8s', apiVersion: 'v1', kind: 'ConfigMap', name: `n${id}`, namespace: 'default', object: o }) as unknown as ScanDocument,
    );
    // scanJson writes a lone surrogate as U+FFFD (as Go's JSON decoder reads it), and both ways load that.
    const json = scanJson(buildInput(docs, withDefaults({})), false);
    const text = new TextDecoder().decode(json.bytes);
    expect(text).toContain(String.raw`"lone":"\ufffd surrogate"`);
    for (const writeValues of [true, false]) expect(JSON.parse(documents(loadedPolicy(json, writeValues))[1] ?? '{}')).toMatchObject({ object: { lone: '\uFFFD surrogate' } });
    // Bytes that still hold the escape (of the same length, so the offsets stay): the writer
    // leaves that chunk to the runtime's parse, which refuses it as the runtime alone does.
    const escaped = new TextEncoder().encode(text.replace(String.raw`\ufffd`, String.raw`\ud800`));
    const raw = { bytes: escaped, items: json.items };
    for (const writeValues of [true, false]) expect(() => loadedPolicy(raw, writeValues)).toThrow('illegal string escape character');
  });

  it('checks its layout against the module\'s runtime on a probe: the same, and not once a bucket count or an order differs', () => {
    const policy = loadPolicySync(loadAssets().wasm);
    const { mem } = policy as unknown as { mem: WasmMemory };
    const ex = (policy as unknown as { wasmInstance: { exports: Record<string, (...a: number[]) => number> } }).wasmInstance.exports;
    const parse = (json: string): number => {
      const bytes = new TextEncoder().encode(json);
      const at = ex.opa_malloc?.(bytes.length) ?? 0;
      new Uint8Array(mem.buffer).set(bytes, at);
      return ex.opa_json_parse?.(at, bytes.length) ?? 0;
    };
    const writer = new ValueWriter(mem, (size) => ex.opa_malloc?.(size) ?? 0);
    const written = writer.write([JSON.parse(PROBE_JSON)])?.[0] ?? 0;
    const parsed = parse(PROBE_JSON);
    expect(JSON.stringify(new ValueReader(mem).toJS(parsed))).not.toBe(JSON.stringify(JSON.parse(PROBE_JSON))); // the runtime's order is not the text's
    expect(sameLayout(mem, written, parsed)).toBe(true);
    // Another order of the same members: a runtime that placed keys otherwise.
    const reversed = JSON.stringify(Object.fromEntries(Object.entries(JSON.parse(PROBE_JSON) as object).reverse()));
    expect(sameLayout(mem, writer.write([JSON.parse(reversed)])?.[0] ?? 0, parse(reversed))).toBe(true);
    const view = new DataView(mem.buffer);
    view.setUint32(written + 8, view.getUint32(written + 8, true) * 2, true);
    expect(sameLayout(mem, written, parsed)).toBe(false);
    expect(sameLayout(mem, parse('{"a":1,"b":2}'), parse('{"a":1,"c":2}'))).toBe(false);
    expect(sameLayout(mem, parse('[1]'), parse('[1]'))).toBe(false);
  });
});
