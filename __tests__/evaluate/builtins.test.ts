// The policies' sprintf calls answered without the SDK's JSON round trips (src/evaluate/builtins.ts):
// every package must give what it gives when the SDK answers them, and the SDK's instantiation
// must be left as it was.
import { describe, expect, it, vi } from 'vitest';
import * as opaWasm from '@open-policy-agent/opa-wasm';
import type { LoadedPolicy, loadPolicySync as LoadPolicySync } from '@open-policy-agent/opa-wasm';
import sprintfJs from 'sprintf-js';
import { loadAssets } from '../../src/evaluate/assets.js';
import { initialPages } from '../../src/evaluate/engine.js';
import { loadedResults, withFastBuiltins } from '../../src/evaluate/builtins.js';
import { evaluateEntrypoint, loadPolicySync, loadScan, scanJson } from '../../src/evaluate/instance.js';
import { corpusInput } from './corpus.js';

const sdkLoadPolicySync = (opaWasm as unknown as { default: { loadPolicySync: typeof LoadPolicySync } }).default.loadPolicySync;

describe('sprintf answered from the memory', () => {
  it('gives every package the result the SDK gives, and answers sprintf without the SDK', () => {
    const json = scanJson(corpusInput().input, true);
    const { wasm } = loadAssets();
    const load = (policy: LoadedPolicy) => {
      expect(loadScan(policy, json, true)).toBe('graft');
      return policy;
    };
    const fast = load(loadPolicySync(wasm, { initial: initialPages(json.bytes.byteLength) }));
    const sdk = load(sdkLoadPolicySync(wasm, { initial: initialPages(json.bytes.byteLength) }));
    const names = Object.keys(fast.entrypoints).filter((n) => n.startsWith('eks/entry/'));
    const formatted = vi.spyOn(sprintfJs, 'vsprintf');
    loadedResults.written = 0;
    loadedResults.parsed = 0;
    let messages = 0;
    for (const name of names) {
      const mine = JSON.stringify(evaluateEntrypoint(fast, name));
      messages += formatted.mock.calls.length;
      formatted.mockClear();
      expect(mine, name).toBe(JSON.stringify(evaluateEntrypoint(sdk, name)));
      // The SDK formats with its own reference to vsprintf: none of its calls are counted.
      expect(formatted).not.toHaveBeenCalled();
    }
    // This file formatted the corpus's messages, with the same vsprintf, and wrote each result
    // as a string value (the probe passed) rather than have the runtime parse its JSON.
    expect(messages).toBeGreaterThan(5000);
    expect(loadedResults.written).toBeGreaterThanOrEqual(messages);
    expect(loadedResults.parsed).toBe(0);
    formatted.mockRestore();
  }, 240_000);

  it('leaves WebAssembly.Instance as it was, also when loading fails', () => {
    // @types/node 20 does not declare the WebAssembly global.
    const wasm = (globalThis as unknown as { WebAssembly: { Instance: new (...args: never[]) => object } }).WebAssembly;
    const before = wasm.Instance;
    expect(withFastBuiltins(() => wasm.Instance)).not.toBe(before);
    expect(() => withFastBuiltins(() => sdkLoadPolicySync(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 9])))).toThrow();
    expect(wasm.Instance).toBe(before);
    // An instance made meanwhile is still an instance.
    const made = withFastBuiltins(() => loadPolicySync(loadAssets().wasm));
    expect(made.wasmInstance).toBeInstanceOf(before);
  });
});
