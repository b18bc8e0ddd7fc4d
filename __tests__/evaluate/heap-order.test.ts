// The order the two evaluation threads take the rule packages in (src/evaluate/heap-order.ts):
// the largest heaps first, from a profile that covers every package of the bundle.
import { describe, expect, it } from 'vitest';
import { largestHeapsFirst, PACKAGE_HEAPS } from '../../src/evaluate/heap-order.js';
import { COVERAGE_ENTRYPOINT } from '../../src/evaluate/engine.js';
import { policy } from '../../src/scan.js';

describe('the packages ordered by heap', () => {
  it('puts the largest heaps first, keeps the order of equal ones, and places an unmeasured package at the median', () => {
    const heaps = { a: 1, b: 30, c: 5, d: 5, e: 12 };
    const names = ['a', 'b', 'c', 'd', 'e', 'new'].map((n) => `eks/entry/${n}`);
    expect(largestHeapsFirst(names, heaps).map((n) => n.slice('eks/entry/'.length))).toEqual(['b', 'e', 'c', 'd', 'new', 'a']);
  });

  it('keeps every package, once', () => {
    const { engine } = policy();
    const names = [COVERAGE_ENTRYPOINT, ...engine.ruleEntrypoints];
    const ordered = largestHeapsFirst(names);
    expect([...ordered].sort()).toEqual([...names].sort());
  });

  it('has a measured heap for every package of the bundle, and none for a package that is gone (re-measure: WRITE=1 in scripts/bench/time-packages.ts)', () => {
    const { engine } = policy();
    const names = [COVERAGE_ENTRYPOINT, ...engine.ruleEntrypoints].map((n) => n.slice('eks/entry/'.length)).sort();
    expect(Object.keys(PACKAGE_HEAPS).sort()).toEqual(names);
    // The profile is of a scan large enough to tell the packages apart: the largest heaps are megabytes.
    expect(Math.max(...Object.values(PACKAGE_HEAPS))).toBeGreaterThan(10);
  });
});
