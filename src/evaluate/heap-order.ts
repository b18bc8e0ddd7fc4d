// The order in which the two evaluation threads take the rule packages (parallel.ts): the
// packages with the largest heaps first. Each thread's WebAssembly memory keeps every page its
// largest package touched, for as long as the instance lives. The worker takes from the front
// and the main thread from the back, so only the worker's instance reaches the largest heaps
// (29-32 MB each at 10,000 documents), and the main thread's stays at the small ones (about
// 13 MB): taken at random, both instances reached one of the large ones. The worker's goes with
// its thread as soon as the evaluation ends; the main thread's only once it is collected
// (collect.ts).
//
// The heaps are measured, not guessed: package-heaps.json is written by
// `node scripts/bench/run-ts.mjs scripts/bench/heap-profile.ts` (each package's heap on the
// benchmark's 10,000 documents). A package it does not list (one added since) is placed as a
// package of the median heap. The order changes which thread evaluates a package, never what
// it finds.
import profile from './package-heaps.json' with { type: 'json' };

const ENTRY = 'eks/entry/';

/** Each package's measured heap in MB, by entrypoint name without `eks/entry/`. */
export const PACKAGE_HEAPS: Readonly<Record<string, number>> = profile.packages;

/** `entrypoints` ordered by measured heap, largest first; equal heaps keep their order. */
export function largestHeapsFirst(entrypoints: readonly string[], heaps: Readonly<Record<string, number>> = PACKAGE_HEAPS): string[] {
  const known = entrypoints.map((e) => heaps[e.slice(ENTRY.length)]).filter((h): h is number => h !== undefined).sort((a, b) => a - b);
  const median = known.length ? (known[Math.floor(known.length / 2)] as number) : 0;
  const heapOf = (e: string) => heaps[e.slice(ENTRY.length)] ?? median;
  return entrypoints.map((e, i) => ({ e, i, heap: heapOf(e) })).sort((a, b) => b.heap - a.heap || a.i - b.i).map((x) => x.e);
}
