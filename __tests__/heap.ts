// Measuring what a piece of work leaves on the heap: full collections before and after
// (src/evaluate/collect.ts, which exposes V8's gc() at run time).
import { fullCollection } from '../src/evaluate/collect.js';

/** What `make` returns, and the bytes of heap still in use after it, once collected. */
export function heapAfter<T>(make: () => T): { value: T; bytes: number } {
  if (!fullCollection()) throw new Error('no full collection on this Node.js');
  const before = process.memoryUsage().heapUsed;
  const value = make();
  fullCollection();
  return { value, bytes: process.memoryUsage().heapUsed - before };
}
