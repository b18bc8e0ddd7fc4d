// The documents loaded half by each evaluation thread (src/evaluate/split-load.ts), the two
// threads played here one after the other: each instance must end with every document, laid
// out as one thread loading them all lays them out, whatever the other thread says or fails to.
import { describe, expect, it } from 'vitest';
import type { LoadedPolicy } from '@open-policy-agent/opa-wasm';
import { loadAssets } from '../../src/evaluate/assets.js';
import { initialPages, splitPoint } from '../../src/evaluate/engine.js';
import { evaluateEntrypoint, loadPolicySync, loadScan, scanJson, type ScanJson } from '../../src/evaluate/instance.js';
import { halfLengths, splitScratch, type HalfMessage, type SplitLoad } from '../../src/evaluate/split-load.js';
import { corpusInput, documentAddresses, documents, loadedPolicy } from './corpus.js';

/** An instance loaded with `split`; how many times it spoke to the other thread. */
function loadedHalf(json: ScanJson, split: Omit<SplitLoad, 'exchange'>, answer: (mine: HalfMessage) => HalfMessage | undefined, writeValues = true) {
  const policy = loadPolicySync(loadAssets().wasm, { initial: initialPages(json.bytes.byteLength) });
  const said: HalfMessage[] = [];
  expect(loadScan(policy, json, true, undefined, writeValues, { ...split, exchange: (mine) => (said.push(mine), answer(mine)) })).toBe('graft');
  return { policy, said };
}

/** Where each half's range is, from the word a thread gave. */
function ranges(word: HalfMessage): Array<[number, number]> {
  const [a, b] = word.lengths;
  return [[word.base, word.base + a], [word.base + a, word.base + a + b]];
}

function inRange(addresses: number[], [from, to]: [number, number]): boolean {
  return addresses.every((x) => x >= from && x < to);
}

describe('the documents loaded half by each thread', () => {
  const json = scanJson(corpusInput().input, true);
  const at = splitPoint(json.items, 0.5);
  let whole: LoadedPolicy;
  let reference: string[];

  it('gives both instances every document, and every package the same result, as one thread loading them all', () => {
    whole = loadedPolicy(json);
    reference = documents(whole);
    expect(reference.length).toBeGreaterThan(1500);
    expect(at).toBeGreaterThan(100);
    const scratch = splitScratch(json.items, at);
    // The second half's thread speaks first: with no word of the first half, it writes that half itself.
    let second: HalfMessage | undefined;
    const later = loadedHalf(json, { part: 1, at, scratch }, (mine) => {
      second = mine;
      return undefined;
    });
    // The first half's thread has the second's word, and copies that half from the scratch.
    const first = loadedHalf(json, { part: 0, at, scratch }, () => second);
    expect(later.said).toHaveLength(1);
    expect(first.said).toHaveLength(1);
    const [word] = first.said as [HalfMessage];
    expect(word.ok && second?.ok).toBe(true);
    expect(word.base).toBe(second?.base);
    expect(word.lengths).toEqual(halfLengths(json.items, at));
    // Each instance's own half is in its range; the first has the second half in the second range too.
    const mine = documentAddresses(first.policy).each;
    const theirs = documentAddresses(later.policy).each;
    expect(inRange(mine.slice(0, at), ranges(word)[0] as [number, number])).toBe(true);
    expect(inRange(mine.slice(at), ranges(word)[1] as [number, number])).toBe(true);
    expect(inRange(theirs.slice(at), ranges(word)[1] as [number, number])).toBe(true);
    expect(theirs.slice(0, at).every((x) => x >= word.base + word.lengths[0] + word.lengths[1])).toBe(true);
    expect(documents(first.policy)).toEqual(reference);
    expect(documents(later.policy)).toEqual(reference);
    const names = Object.keys(whole.entrypoints).filter((n) => n.startsWith('eks/entry/'));
    expect(names.length).toBeGreaterThan(100);
    for (const name of names) {
      expect(JSON.stringify(evaluateEntrypoint(first.policy, name)), name).toBe(JSON.stringify(evaluateEntrypoint(whole, name)));
    }
  }, 240_000);

  it('writes the other half itself when the other thread has none, has other ranges, or says nothing', () => {
    const scratch = splitScratch(json.items, at);
    const answers: Array<(mine: HalfMessage) => HalfMessage | undefined> = [
      (mine) => ({ ...mine, ok: false }),
      (mine) => ({ ...mine, base: mine.base + (1 << 20) }),
      (mine) => ({ ...mine, values: mine.values?.map((v) => v + 1e9) }),
      () => undefined,
    ];
    for (const answer of answers) {
      const { policy, said } = loadedHalf(json, { part: 0, at, scratch: scratch }, answer);
      expect(said).toHaveLength(1);
      expect(documents(policy)).toEqual(reference);
    }
  }, 120_000);

  it('says it has no half, and loads everything itself, when its half does not fit or the runtime parses the documents', () => {
    // A scratch too small for the ranges.
    const small = new SharedArrayBuffer(1 << 16);
    const tooSmall = loadedHalf(json, { part: 1, at, scratch: small }, () => undefined);
    expect(tooSmall.said.map((m) => m.ok)).toEqual([false]);
    expect(documents(tooSmall.policy)).toEqual(reference);
    // The runtime parsing the documents (no writer): no half, but still word of it.
    const parsed = loadedHalf(json, { part: 0, at, scratch: splitScratch(json.items, at) }, () => undefined, false);
    expect(parsed.said.map((m) => m.ok)).toEqual([false]);
    expect(documents(parsed.policy)).toEqual(reference);
  }, 120_000);

  it('splits the documents where half of their JSON lies before', () => {
    const items = new Int32Array([10, 20, 30, 40, 90, 100]);
    expect(splitPoint(items, 0.5)).toBe(4);
    expect(splitPoint(items, 0.1)).toBe(1);
    expect(splitPoint(new Int32Array([10, 20]), 0.5)).toBe(1);
  });
});
