// The entrypoints' functions exported by the build (scripts/wasm-exports.mjs) and called by the
// engine without OPA's result set (entryValue in src/evaluate/instance.ts), against the same
// module evaluated through `eval` on the shared corpus.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ENTRY_FUNCTION_PREFIX as BUILD_PREFIX, MEMOIZE_INIT as BUILD_MEMOIZE, exportEntrypoints } from '../../scripts/wasm-exports.mjs';
import { sections } from '../../scripts/wasm-sections.mjs';
import { loadAssets } from '../../src/evaluate/assets.js';
import { ENTRY_FUNCTION_PREFIX, evaluateEntrypoint, loadPolicySync, MEMOIZE_INIT, scanJson } from '../../src/evaluate/instance.js';
import { ValueReader } from '../../src/evaluate/values.js';
import { corpusInput, loadedPolicy } from './corpus.js';

const built = loadAssets().wasm;

/** WebAssembly's JavaScript API (not in the project's type libraries, which leave out the DOM). */
interface WasmModuleApi {
  new (bytes: Uint8Array): object;
  exports(module: object): Array<{ name: string; kind: string }>;
}
const WasmModule = (globalThis as unknown as { WebAssembly: { Module: WasmModuleApi } }).WebAssembly.Module;

function exportNames(bytes: Uint8Array): string[] {
  return WasmModule.exports(new WasmModule(bytes)).map((e) => e.name);
}

function entrypointsOf(bytes: Uint8Array): string[] {
  return Object.keys(loadPolicySync(bytes).entrypoints).filter((n) => n.startsWith('eks/entry/'));
}

/** The built module with the exports the build added renamed (same lengths), as a module without them. */
function withoutEntryExports(bytes: Uint8Array): Uint8Array {
  const out = Uint8Array.from(bytes);
  const section = sections(out).find((s) => s.id === 7);
  if (!section) throw new Error('no export section');
  const text = Buffer.from(out.buffer, section.body, section.end - section.body);
  for (const [from, to] of [[ENTRY_FUNCTION_PREFIX, 'x0.data.'], [MEMOIZE_INIT, 'xpa_memoize_init']] as const) {
    for (let at = text.indexOf(from); at >= 0; at = text.indexOf(from, at + 1)) text.write(to, at);
  }
  return out;
}

describe('entrypoint functions exported by the build', () => {
  afterEach(() => vi.restoreAllMocks());

  it('exports opa_memoize_init and every entrypoint\'s function under the names the engine calls', () => {
    expect([BUILD_PREFIX, BUILD_MEMOIZE]).toEqual([ENTRY_FUNCTION_PREFIX, MEMOIZE_INIT]);
    const names = new Set(exportNames(built));
    const entrypoints = entrypointsOf(built);
    expect(entrypoints.length).toBeGreaterThan(150);
    expect(names.has(MEMOIZE_INIT)).toBe(true);
    for (const e of entrypoints) expect(names.has(ENTRY_FUNCTION_PREFIX + e.split('/').join('.')), e).toBe(true);
  });

  it('evaluates through them without a result set, with the same values as through eval', () => {
    const direct = loadedPolicy(scanJson(corpusInput().input, true));
    const viaEval = loadedPolicy(scanJson(corpusInput().input, true), true, withoutEntryExports(built));
    const result = vi.spyOn(ValueReader.prototype, 'result');
    let findings = 0;
    for (const name of ['eks/entry/shared', 'eks/entry/coverage', 'eks/entry/rule_psr__seccomp', 'eks/entry/rule_data__external_secrets', 'eks/entry/rule_net__ingress_isolation']) {
      const a = evaluateEntrypoint(direct, name);
      expect(result, name).not.toHaveBeenCalled();
      const b = evaluateEntrypoint(viaEval, name);
      expect(result, name).toHaveBeenCalledTimes(1);
      result.mockClear();
      expect(JSON.stringify(a), name).toBe(JSON.stringify(b));
      if (Array.isArray(a)) findings += a.length;
    }
    expect(findings).toBeGreaterThan(100);
  }, 120_000);

  it('adds the exports to a module without them, leaving every other export, and the module valid', () => {
    const plain = withoutEntryExports(built);
    const before = exportNames(plain);
    expect(before).not.toContain(MEMOIZE_INIT);
    const out = exportEntrypoints(plain, ['eks/entry/shared', 'eks/entry/rule_psr__seccomp']);
    expect(exportNames(out)).toEqual([...before, MEMOIZE_INIT, 'g0.data.eks.entry.shared', 'g0.data.eks.entry.rule_psr__seccomp']);
    // Nothing but the export section changed.
    const [was, now] = [plain, out].map((m) => sections(m).find((s) => s.id === 7));
    if (!was || !now) throw new Error('no export section');
    expect(now.start).toBe(was.start);
    expect(Buffer.compare(out.subarray(0, was.start), plain.subarray(0, was.start))).toBe(0);
    expect(Buffer.compare(out.subarray(now.end), plain.subarray(was.end))).toBe(0);
  });

  it('fails the build, naming the function, when one is missing or not of the type OPA compiles', () => {
    const plain = withoutEntryExports(built);
    expect(() => exportEntrypoints(plain, ['eks/entry/no_such_rule'])).toThrow('no function g0.data.eks.entry.no_such_rule in the module\'s name section');
    // A function of three parameters (input, data and its argument), not an entrypoint's two.
    expect(() => exportEntrypoints(plain, ['eks/lib/secrets/high_confidence'])).toThrow('function g0.data.eks.lib.secrets.high_confidence has the type (127,127,127)->(127), expected (127,127)->(127)');
    expect(() => exportEntrypoints(new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]), [])).toThrow('not a WebAssembly module');
  });
});
