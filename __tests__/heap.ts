// Measuring what a piece of work leaves on the heap: full collections before and after, with
// V8's gc() exposed to the test (the flag is set when this module is first imported).
import v8 from 'node:v8';
import vm from 'node:vm';

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

/** What `make` returns, and the bytes of heap still in use after it, once collected. */
export function heapAfter<T>(make: () => T): { value: T; bytes: number } {
  gc();
  const before = process.memoryUsage().heapUsed;
  const value = make();
  gc();
  return { value, bytes: process.memoryUsage().heapUsed - before };
}
