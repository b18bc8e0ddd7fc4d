// The build sets the size classes of OPA's Wasm allocator in the compiled policy
// (scripts/wasm-heap.mjs): 8, 16, 32 and 64 bytes instead of 4, 8, 16 and 64. The policy
// must find exactly the same, in less memory, and the patch must refuse any module whose
// allocator data is not OPA's layout.
import { describe, expect, it } from 'vitest';
import type { LoadedPolicy } from '@open-policy-agent/opa-wasm';
import { CLASSES, OPA_CLASSES, sizeClasses, withSizeClasses } from '../../scripts/wasm-heap.mjs';
import { kindIndex, namespaceIndex } from '../../src/evaluate/input.js';
import { loadAssets } from '../../src/evaluate/assets.js';
import { initialPages, RULE_ENTRYPOINT_PREFIX } from '../../src/evaluate/engine.js';
import { CHUNK_BYTES, evaluateEntrypoint, heapPointer, loadPolicySync, loadScan, scanBytes, scanJson, type ScanJson } from '../../src/evaluate/instance.js';
import { corpusInput } from './corpus.js';
import { ValueReader } from '../../src/evaluate/values.js';

/** `struct heap_blocks[5]` as the data section holds it: fixed flag and size of each list. */
function freeLists(classes: number[]): Buffer {
  const out = Buffer.alloc(32 * 5);
  [...classes, 128].forEach((size, i) => {
    out[i * 32] = i < classes.length ? 1 : 0;
    out.writeUInt32LE(size, i * 32 + 4);
  });
  return out;
}

/** A module header and sections (id, payload); the patch reads the section layout only. */
function moduleOf(...sections: Array<[number, Buffer]>): Uint8Array {
  const parts: Buffer[] = [Buffer.from([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0])];
  for (const [id, payload] of sections) {
    const size: number[] = [];
    let n = payload.length;
    do {
      size.push((n & 0x7f) | (n > 0x7f ? 0x80 : 0));
      n >>= 7;
    } while (n > 0);
    parts.push(Buffer.from([id, ...size]), payload);
  }
  return new Uint8Array(Buffer.concat(parts));
}

const DATA = 11;
const CUSTOM = 0;
const filler = (n: number) => Buffer.alloc(n, 0x5a);

const heapPtr = (policy: LoadedPolicy) => heapPointer(policy) as number;

/** Every rule package's findings over the input, the data's size and the largest package heap. */
function run(wasm: Uint8Array, scan: Uint8Array | ScanJson, chunkBytes?: number, writeValues = true) {
  const bytes = scan instanceof Uint8Array ? scan : scan.bytes;
  const policy = loadPolicySync(wasm, { initial: initialPages(bytes.byteLength) });
  const shared = loadScan(policy, scan, true, chunkBytes, writeValues);
  const base = heapPtr(policy);
  let largest = 0;
  const findings: string[] = [];
  const names = Object.keys(policy.entrypoints as Record<string, number>).filter((n) => n.startsWith(RULE_ENTRYPOINT_PREFIX)).sort();
  for (const name of names) {
    const value = evaluateEntrypoint(policy, name);
    for (const f of (value ?? []) as unknown[]) findings.push(JSON.stringify(f));
    largest = Math.max(largest, heapPtr(policy) - base);
  }
  return { findings: findings.sort(), data: base, largest, packages: names.length, shared };
}

describe('allocator size classes', () => {
  it('are set in the built policy', () => {
    expect(sizeClasses(loadAssets().wasm)).toEqual(CLASSES);
    expect(CLASSES).not.toEqual(OPA_CLASSES);
  });

  it('give the same findings as OPA\'s classes, in less memory', () => {
    const { documents, input } = corpusInput();
    expect(documents.length).toBeGreaterThan(1500);
    const bytes = scanBytes(input, true);
    const built = loadAssets().wasm;
    const opa = withSizeClasses(built, OPA_CLASSES, CLASSES);
    expect(sizeClasses(opa)).toEqual(OPA_CLASSES);
    const ours = run(built, bytes);
    const theirs = run(opa, bytes);
    expect(ours.packages).toBeGreaterThan(100);
    expect(ours.findings.length).toBeGreaterThan(5000);
    expect(ours.findings).toEqual(theirs.findings);
    // The loaded scan: 114 MB instead of 130 MB at 10,216 documents (docs/performance.md).
    expect(ours.data).toBeLessThan(theirs.data * 0.95);
    expect(ours.largest).toBeLessThan(theirs.largest);
  }, 240_000);

  it('are set in both free-list arrays of the data section, nothing else changed', () => {
    const payload = Buffer.concat([filler(40), freeLists(OPA_CLASSES), freeLists(OPA_CLASSES), filler(7)]);
    const before = moduleOf([1, filler(12)], [DATA, payload], [CUSTOM, filler(9)]);
    expect(sizeClasses(before)).toEqual(OPA_CLASSES);
    const after = withSizeClasses(before);
    expect(sizeClasses(after)).toEqual(CLASSES);
    expect(after.length).toBe(before.length);
    const changed = [...after].map((b, i) => (b === before[i] ? -1 : i)).filter((i) => i >= 0);
    // Only size fields: the second, third and fourth classes of each array (4 -> 8, 8 -> 16, 16 -> 32).
    expect(changed.length).toBe(6);
    expect(Buffer.from(after).includes(freeLists(CLASSES))).toBe(true);
    expect(sizeClasses(before)).toEqual(OPA_CLASSES);
  });

  it('refuse a module whose allocator data is not OPA\'s layout', () => {
    const once = moduleOf([DATA, Buffer.concat([freeLists(OPA_CLASSES), filler(8)])]);
    expect(() => withSizeClasses(once)).toThrow(/twice, side by side, in the data section; found 1\. .*wasm\/src\/malloc\.c/);
    const apart = moduleOf([DATA, Buffer.concat([freeLists(OPA_CLASSES), filler(4), freeLists(OPA_CLASSES)])]);
    expect(() => withSizeClasses(apart)).toThrow(/found 2/);
    // The same bytes outside the data section are not the allocator's.
    const elsewhere = moduleOf([CUSTOM, Buffer.concat([freeLists(OPA_CLASSES), freeLists(OPA_CLASSES)])], [DATA, filler(64)]);
    expect(() => withSizeClasses(elsewhere)).toThrow(/found 0/);
    expect(sizeClasses(elsewhere)).toBeUndefined();
    expect(() => withSizeClasses(moduleOf([CUSTOM, filler(3)]))).toThrow(/no data section/);
    expect(() => withSizeClasses(new Uint8Array([1, 2, 3]))).toThrow(/not a WebAssembly module/);
    // Set once: a second build step finds no OPA classes left to set.
    const twice = withSizeClasses(moduleOf([DATA, Buffer.concat([freeLists(OPA_CLASSES), freeLists(OPA_CLASSES)])]));
    expect(() => withSizeClasses(twice)).toThrow(/found 0/);
  });
});

describe('loading the scan a chunk of documents at a time', () => {
  it('writes the same JSON as one stringify, with every document\'s offset', () => {
    const { input } = corpusInput();
    const json = scanJson(input, true);
    const whole = `{"scan":${JSON.stringify({ ...input, shared: { kinds: kindIndex(input.documents), namespaced: namespaceIndex(input.documents) } })}}`;
    expect(Buffer.from(json.bytes).equals(Buffer.from(whole))).toBe(true);
    expect(json.items.length).toBe(input.documents.length + 1);
    const text = Buffer.from(json.bytes);
    input.documents.forEach((d, i) => {
      const end = i + 1 < input.documents.length ? (json.items[i + 1] as number) - 1 : (json.items[i + 1] as number);
      expect(JSON.parse(text.subarray(json.items[i] as number, end).toString('utf8'))).toEqual(JSON.parse(JSON.stringify(d)));
    });
    expect(text[json.items[input.documents.length] as number]).toBe(0x5d);
    expect(Buffer.from(scanBytes(input, false)).equals(Buffer.from(`{"scan":${JSON.stringify(input)}}`))).toBe(true);
  });

  it('gives the same findings as loading the whole text, without the text in the instance', () => {
    const { input } = corpusInput();
    const json = scanJson(input, true);
    expect(input.documents.length).toBeGreaterThan(1500);
    const wasm = loadAssets().wasm;
    const whole = run(wasm, json.bytes);
    const chunked = run(wasm, json, 1 << 20, false);
    const small = run(wasm, json, 4096, false);
    expect(whole.findings.length).toBeGreaterThan(5000);
    expect(chunked.findings).toEqual(whole.findings);
    expect(small.findings).toEqual(whole.findings);
    // The shared values are still added in place, pod carriers and all.
    expect([whole.shared, chunked.shared, small.shared]).toEqual(['graft', 'graft', 'graft']);
    // The whole text stays in the instance below the values; one chunk's block is reused instead.
    // (Each document costs an index number and an element more: 36 bytes, 64 with the headers.)
    expect(whole.data - chunked.data).toBeGreaterThan(json.bytes.byteLength - (1 << 20) - 64 * input.documents.length);
    expect(small.data).toBeLessThan(whole.data - 0.9 * json.bytes.byteLength);
    // Written as values (writer.ts, the default): the same findings in much less memory.
    const written = run(wasm, json);
    expect(written.findings).toEqual(whole.findings);
    expect(written.shared).toBe('graft');
    expect(written.data).toBeLessThan(0.6 * small.data);
  }, 240_000);

  it('writes the shared values as it writes the documents, in a fraction of the runtime\'s parse', () => {
    const { input } = corpusInput();
    const json = scanJson(input, true);
    const wasm = loadAssets().wasm;
    const data = (share: boolean, writeValues: boolean) => {
      const policy = loadPolicySync(wasm, { initial: initialPages(json.bytes.byteLength) });
      expect(loadScan(policy, json, share, CHUNK_BYTES, writeValues)).toBe(share ? 'graft' : 'none');
      return heapPtr(policy);
    };
    // What the shared values add to the data: with the documents written (the default), and
    // with the documents and the shared values parsed by the runtime. The pod carriers, built by
    // an evaluation and added as they are, are in both.
    const written = data(true, true) - data(false, true);
    const parsed = data(true, false) - data(false, false);
    // The corpus: 2.3 against 3.6 MB; 10,216 documents: 9.2 against 20.5 MB (the carriers 7.1
    // MB of each). Both ways parsed, the two were the same.
    expect(written).toBeGreaterThan(0);
    expect(written).toBeLessThan(0.7 * parsed);
    // The findings are the same either way ('gives the same findings...' above runs them).
  }, 240_000);

  it('adds the shared values member by member, and the pod carriers after them, every key intact', () => {
    // The members go into the object the runtime parsed from the scan's JSON: adding the pod
    // carriers to an object the writer laid out could make the runtime grow it and free its
    // buckets, which are no block of their own (an earlier version zeroed the key "refs" so).
    const { input } = corpusInput();
    const json = scanJson(input, true);
    const policy = loadPolicySync(loadAssets().wasm, { initial: initialPages(json.bytes.byteLength) });
    expect(loadScan(policy, json, true)).toBe('graft');
    const { mem, dataAddr } = policy as unknown as { mem: { buffer: ArrayBuffer }; dataAddr: number };
    const reader = new ValueReader(mem);
    const member = (object: number, key: string) => reader.elements(object, true).find(([k]) => reader.toJS(k) === key)?.[1];
    const shared = member(member(dataAddr, 'scan') as number, 'shared') as number;
    const keys = reader.elements(shared, true).map(([k]) => reader.toJS(k) as string).sort();
    expect(keys).toEqual(['image_refs', 'kinds', 'namespaced', 'pss_namespace_profiles', 'pss_profile_first_runs', 'pss_profile_policies', 'pss_profile_runs', 'refs', 'tf_resource_ids']);
    const refs = member(shared, 'refs') as number;
    expect(reader.elements(refs, true).map(([k]) => reader.toJS(k))).toEqual(['pods']);
    // Every package reads the carriers from there: as many as the pods of the corpus.
    expect(reader.u32((member(refs, 'pods') as number) + 12)).toBeGreaterThan(400); // 475 pod carriers in the corpus
    expect(evaluateEntrypoint(policy, 'eks/entry/shared')).toMatchObject({ kinds: expect.any(Object) });
  }, 240_000);

  it('falls back to the whole text when a chunk does not parse', () => {
    const { input } = corpusInput();
    const json = scanJson(input, true);
    const items = Int32Array.from(json.items);
    items[3] = (items[3] as number) + 1; // the fourth document's chunk starts inside it
    const wasm = loadAssets().wasm;
    const whole = run(wasm, json.bytes);
    for (const writeValues of [false, true]) {
      const broken = run(wasm, { bytes: json.bytes, items }, 1024, writeValues);
      expect(broken.findings).toEqual(whole.findings);
      expect(broken.data).toBe(whole.data);
    }
  }, 240_000);
});
