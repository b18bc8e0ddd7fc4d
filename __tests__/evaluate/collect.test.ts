// The full collection the engine asks for where large memory just became garbage
// (src/evaluate/collect.ts): shared memory and a WebAssembly memory are freed only when V8
// collects the objects that hold them. Each test file runs in a process of its own (vitest
// forks), so the process's figures are this file's.
import { describe, expect, it } from 'vitest';
import { collectionCount, fullCollection } from '../../src/evaluate/collect.js';
import { PolicyEngine } from '../../src/evaluate/engine.js';
import { scanJson } from '../../src/evaluate/instance.js';
import { loadAssets } from '../../src/evaluate/assets.js';
import { corpusInput } from './corpus.js';

const MB = 1 << 20;

/**
 * Waits, 2 s at most, until `done()`: V8 frees the memory of collected objects on a background
 * thread, and counts it freed on the next turn of the event loop.
 */
async function settled(done: () => boolean): Promise<void> {
  for (let waited = 0; waited < 2000 && !done(); waited += 20) await new Promise((r) => setTimeout(r, 20));
}

/** Fills a SharedArrayBuffer of `bytes` and returns nothing that holds it. */
function sharedGarbage(bytes: number): void {
  new Uint8Array(new SharedArrayBuffer(bytes)).fill(7);
}

// Node's WebAssembly global; @types/node 20 does not declare it.
const Wasm = (globalThis as unknown as { WebAssembly: { Memory: new (d: { initial: number }) => { buffer: ArrayBuffer } } }).WebAssembly;

/** Touches every page of a WebAssembly memory of `bytes` and returns nothing that holds it. */
function wasmGarbage(bytes: number): void {
  const memory = new Wasm.Memory({ initial: bytes / 65536 });
  new Uint8Array(memory.buffer).fill(7);
}

describe('a full collection', () => {
  it('is available on this Node.js, and frees shared memory nothing holds any more', async () => {
    expect(fullCollection()).toBe(true);
    const before = process.memoryUsage().arrayBuffers;
    sharedGarbage(64 * MB);
    expect(process.memoryUsage().arrayBuffers).toBeGreaterThan(before + 60 * MB);
    expect(fullCollection()).toBe(true);
    await settled(() => process.memoryUsage().arrayBuffers < before + 4 * MB);
    expect(process.memoryUsage().arrayBuffers).toBeLessThan(before + 4 * MB);
  });

  it('gives a WebAssembly memory nothing holds any more back to the system', async () => {
    fullCollection();
    const before = process.memoryUsage.rss();
    wasmGarbage(128 * MB);
    expect(process.memoryUsage.rss()).toBeGreaterThan(before + 120 * MB);
    fullCollection();
    await settled(() => process.memoryUsage.rss() < before + 32 * MB);
    expect(process.memoryUsage.rss()).toBeLessThan(before + 32 * MB);
  });

  it('leaves none of the scan\'s memory behind once an evaluation of a large scan returns', async () => {
    const { input } = corpusInput();
    // The corpus is a large scan: its JSON is above the size from which the engine collects.
    expect(scanJson(input, true).bytes.byteLength).toBeGreaterThan(MB);
    const engine = PolicyEngine.load(loadAssets().wasm);
    fullCollection();
    const before = process.memoryUsage().arrayBuffers;
    const asked = collectionCount();
    const result = engine.evaluateWithCoverage(input);
    expect(result.findings.length).toBeGreaterThan(100);
    // Once the instance was let go: the documents were written from their objects, so no JSON
    // of them was made to let go of.
    expect(collectionCount() - asked).toBe(1);
    // Without a further collection: at most the background thread's freeing is waited for.
    await settled(() => process.memoryUsage().arrayBuffers < before + MB);
    expect(process.memoryUsage().arrayBuffers).toBeLessThan(before + MB);
    // A document the writer cannot write sends the scan as JSON, let go once the scan is loaded.
    const odd = { ...input, documents: input.documents.map((d, i) => (i === 5 ? { ...d, object: { ...d.object, when: new Date(0) } } : d)) };
    const again = collectionCount();
    expect(engine.evaluateWithCoverage(odd).findings.length).toBeGreaterThan(100);
    expect(collectionCount() - again).toBe(2);
    await settled(() => process.memoryUsage().arrayBuffers < before + MB);
    expect(process.memoryUsage().arrayBuffers).toBeLessThan(before + MB);
  });
});

describe('a small scan', () => {
  it('is evaluated without a forced collection: its memory is small', () => {
    const { input } = corpusInput();
    const small = { ...input, documents: input.documents.slice(0, 20) };
    expect(scanJson(small, true).bytes.byteLength).toBeLessThan(MB);
    const engine = PolicyEngine.load(loadAssets().wasm);
    const asked = collectionCount();
    engine.evaluateWithCoverage(small);
    expect(collectionCount()).toBe(asked);
  });
});
