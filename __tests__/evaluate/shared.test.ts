// The engine computes the helpers many rule packages use (PSA's per-namespace policies, the
// kind index, the plan resources: rego/lib/shared.rego) once per scan and hands them to every
// package as input.shared; each helper computes its value itself when there is none. The two
// must agree: on the whole shared corpus (Kubernetes manifests and Terraform plans), every
// finding is the same with the shared values and without them.
import { describe, expect, it } from 'vitest';
import { kindIndex, namespaceIndex } from '../../src/evaluate/input.js';
import { loadAssets as assets } from '../../src/evaluate/assets.js';
import { initialPages } from '../../src/evaluate/engine.js';
import { evaluateEntrypoint, graftRefs, loadPolicySync, loadScan, scanBytes, scanJson, SHARED_ENTRYPOINT, SHARED_REFS_ENTRYPOINT } from '../../src/evaluate/instance.js';
import { policy } from '../../src/scan.js';
import type { RawFinding } from '../../src/model.js';
import { corpusInput } from './corpus.js';

const key = (f: RawFinding) => JSON.stringify([f.rule, f.doc, f.path, f.message, f.mode, f.severity]);

describe('shared values', () => {
  it('give the same findings as every package computing its helpers itself', () => {
    const { documents, input } = corpusInput();
    expect(documents.filter((d) => d.source === 'terraform').length).toBeGreaterThan(100);
    expect(documents.length).toBeGreaterThan(1500);
    const { engine } = policy();
    const shared = engine.evaluate(input).map(key).sort();
    const alone = engine.evaluate(input, { share: false }).map(key).sort();
    expect(shared.length).toBeGreaterThan(5000);
    expect(shared).toEqual(alone);
  }, 240_000);

  it('are read out without the indexes the scan brought, which stay as they were loaded', () => {
    const { input } = corpusInput();
    const json = scanJson(input, true);
    const policy = loadPolicySync(assets().wasm, { initial: initialPages(json.bytes.byteLength) });
    expect(loadScan(policy, json, true)).toBe('graft');
    const whole = evaluateEntrypoint(policy, SHARED_ENTRYPOINT) as Record<string, unknown>;
    const { kinds, namespaced, ...rest } = whole;
    // The indexes as the engine built them, read back from the loaded scan after the graft.
    expect(kinds).toEqual(kindIndex(input.documents));
    expect(namespaced).toEqual(namespaceIndex(input.documents));
    expect(evaluateEntrypoint(policy, SHARED_ENTRYPOINT, new Set(['kinds', 'namespaced']))).toEqual(rest);
    expect(Object.keys(rest).length).toBeGreaterThan(4);
  }, 120_000);

  it('are added to the loaded scan in place, without loading it again', () => {
    const { input } = corpusInput();
    const bytes = scanBytes(input, true);
    const policy = loadPolicySync(assets().wasm, { initial: initialPages(bytes.byteLength) });
    expect(loadScan(policy, bytes, true)).toBe('graft');
    const shared = policy.evaluate(undefined, SHARED_ENTRYPOINT) as Array<{ result: { kinds: Record<string, number[]>; namespaced: Record<string, number[]>; image_refs: Record<string, unknown> } }>;
    expect(Object.keys(shared[0]!.result.kinds)).toContain('Deployment');
    expect(shared[0]!.result.kinds).toEqual(kindIndex(input.documents));
    expect(Object.keys(shared[0]!.result.namespaced).length).toBeGreaterThan(5);
    expect(shared[0]!.result.namespaced).toEqual(namespaceIndex(input.documents));
    // Each distinct image of the corpus's containers parsed once.
    const images = new Set(input.documents.flatMap((d) => JSON.stringify(d.object).match(/"image":"[^"]+"/g) ?? []).map((m) => JSON.parse(m.slice(8)) as string));
    const parsed = Object.keys(shared[0]!.result.image_refs);
    expect(parsed.length).toBeGreaterThan(100);
    for (const image of parsed) expect(images).toContain(image);
    expect(shared[0]!.result.image_refs['kubernetes/pause']).toEqual({ registry: 'docker.io', repository: 'kubernetes/pause', tag: '', digest: '' });
    // Computed in Rego from the scan alone (no kind index from the engine), they are the same.
    const plain = scanBytes(input, false);
    const again = loadPolicySync(assets().wasm, { initial: initialPages(plain.byteLength) });
    expect(loadScan(again, plain, false)).toBe('none');
    expect(again.evaluate(undefined, SHARED_ENTRYPOINT)).toEqual(shared);
  }, 120_000);

  it('that hold documents are added by reference, and read by the packages', () => {
    const { input } = corpusInput();
    const bytes = scanBytes(input, true);
    const rule = 'eks/entry/rule_psr__seccomp';
    const run = (refs: boolean) => {
      const policy = loadPolicySync(assets().wasm, { initial: initialPages(bytes.byteLength) });
      policy.setData(bytes.slice().buffer);
      const internals = policy as unknown as { dataHeapPtr: number };
      const before = internals.dataHeapPtr;
      // The OPA value layout graftRefs reads is the one of the bundle's OPA: an upgrade that
      // changes it fails here (the scan would stay correct, only slower).
      if (refs) expect(graftRefs(policy)).toBe(true);
      const grown = internals.dataHeapPtr - before;
      return { findings: policy.evaluate(undefined, rule), grown };
    };
    const alone = run(false);
    const shared = run(true);
    expect(alone.grown).toBe(0);
    // The pod carriers of the corpus, and what building them left, stay below the heap.
    expect(shared.grown).toBeGreaterThan(10_000);
    expect(shared.grown).toBeLessThan(bytes.byteLength);
    expect((shared.findings as unknown[]).length).toBeGreaterThan(0);
    expect(shared.findings).toEqual(alone.findings);
  }, 120_000);

  it('are built into the bundle', () => {
    const names = Object.keys(loadPolicySync(assets().wasm).entrypoints);
    expect(names).toContain(SHARED_ENTRYPOINT);
    expect(names).toContain(SHARED_REFS_ENTRYPOINT);
  });
});
