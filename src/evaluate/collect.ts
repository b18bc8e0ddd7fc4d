// A full garbage collection, asked for where the gate knows that large memory just became
// garbage. A WebAssembly memory and a SharedArrayBuffer are freed only when V8 collects the
// small JavaScript object that holds them, and V8 decides when to collect by the growth of its
// own heap, not by the memory such objects hold outside it. So the scan's JSON (17 MB of shared
// memory at 10,000 documents, read by both evaluation threads when they load the scan) stayed
// resident through the whole evaluation, and the main thread's instance (about 40 MB) through
// the gate and the report, with the garbage of the evaluation. At 10,216 documents the
// evaluation's peak was 18 MB higher for it, and the gate's and the report's 75 MB
// (docs/performance.md); each collection costs 60-100 ms there.
//
// Node.js offers a collection only behind the `--expose-gc` flag, which an action cannot pass
// (the runner starts `node dist/index.js`). The flag is set at run time instead and the `gc`
// function taken from a new context that sees it, as Jest's leak detector does; no library
// wraps this. The flag is left set: V8's flags are the process's, and both evaluation threads
// take their function at about the same time, so one clearing it could leave the other's new
// context without `gc`. Where all this is refused, collection is left to V8, as before: the
// gate is then only less frugal, never wrong.
import v8 from 'node:v8';
import vm from 'node:vm';

type Collect = () => void;

/** The collection function; null once known to be unavailable. */
let collect: Collect | null | undefined;

function collector(): Collect | null {
  if (collect !== undefined) return collect;
  const exposed = (globalThis as { gc?: unknown }).gc;
  if (typeof exposed === 'function') return (collect = exposed as Collect);
  try {
    v8.setFlagsFromString('--expose-gc');
    const taken: unknown = vm.runInNewContext('gc');
    collect = typeof taken === 'function' ? (taken as Collect) : null;
  } catch {
    collect = null;
  }
  return collect;
}

let collections = 0;

/** Collects this thread's whole heap now; says whether it could. */
export function fullCollection(): boolean {
  const run = collector();
  if (!run) return false;
  run();
  collections++;
  return true;
}

/** How many collections fullCollection made on this thread (for the tests of where they are asked for). */
export function collectionCount(): number {
  return collections;
}
