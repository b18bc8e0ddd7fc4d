// Runs the compiled Rego (WebAssembly) over the whole scan: every rule sees every document
// (cross-resource rules need them together). This is where Rego findings are born.
import type { LoadedPolicy } from '@open-policy-agent/opa-wasm';
import { InternalError, toError } from '../errors.js';
import type { FieldPath, Mode, RawFinding, Severity } from '../model.js';
import { MODES, SEVERITIES } from '../model.js';
import type { PolicyInput } from './input.js';
import { CHUNK_BYTES, evaluateEntrypoint, loadPolicySync, loadScan, scanJson, type PolicySource } from './instance.js';
import { claimsFor, drain, startHelper, threads, type Helper, type PackageFailure } from './parallel.js';
import { largestHeapsFirst } from './heap-order.js';
import { splitScratch } from './split-load.js';
import { append } from '../append.js';
import { fullCollection } from './collect.js';

/** Entrypoints of the generated module (scripts/build.mjs): one per rule package, and coverage. */
export const RULE_ENTRYPOINT_PREFIX = 'eks/entry/rule_';
export const COVERAGE_ENTRYPOINT = 'eks/entry/coverage';

// Wasm memory sizing. The policy's allocator grows memory one step at a time as the heap
// fills, and every grow of a large memory costs V8 a garbage collection: evaluating 8,000
// documents took 24 s with the SDK's default 5 initial pages and 0.3 s with memory sized up
// front (docs/benchmarks.md). Untouched pages cost address space, not resident memory.
const PAGE = 65536;
const MIN_PAGES = 256; // 16 MiB
const MAX_PAGES = 49152; // 3 GiB of the 4 GiB a 32-bit Wasm memory can address
const HEAP_PER_INPUT_BYTE = 16;

/**
 * From this size of the scan's JSON on, the memory the evaluation leaves behind is collected at
 * once (collect.ts): a full collection of this thread's heap cost 60-100 ms at 10,000 documents
 * (17 MB of JSON), and a small scan's memory is small.
 */
const RELEASE_MIN_BYTES = 1 << 20;

/** Below this many documents one thread is faster than starting a second. */
export const PARALLEL_MIN_DOCUMENTS = 1000;

/**
 * The main thread's share of the documents' JSON when the two threads load half each: even,
 * since the worker starts while the scan is serialised and both begin writing at about the same
 * time (0.6 and 0.7 were no better, docs/performance.md).
 */
const MAIN_SHARE = 0.5;

/** The first document of the second half: the one where `share` of the documents' JSON lies before it. */
export function splitPoint(items: Int32Array, share: number): number {
  const n = items.length - 1;
  if (n < 2) return n;
  const first = items[0] as number;
  const goal = first + share * ((items[n] as number) - first);
  let lo = 1;
  let hi = n - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((items[mid] as number) < goal) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function initialPages(inputBytes: number): number {
  return Math.min(MAX_PAGES, Math.max(MIN_PAGES, Math.ceil((inputBytes * HEAP_PER_INPUT_BYTE) / PAGE)));
}

// Node's WebAssembly global; @types/node 20 does not declare it.
type WasmModule = object;
const Wasm = (globalThis as unknown as { WebAssembly: { Module: new (bytes: Uint8Array) => WasmModule } }).WebAssembly;

/** An evaluation's findings, the coverage report when asked for, and how many threads evaluated packages. */
export interface Evaluation {
  findings: RawFinding[];
  coverage: unknown;
  threads: number;
}

/**
 * How the bundle is evaluated: the scan is loaded once, as data, and every rule package is
 * evaluated on its own (each evaluation starts from a fresh heap above that data). One
 * evaluation of every rule at once is quadratic in OPA's Wasm allocator (build.mjs explains).
 */
export class PolicyEngine {
  private constructor(
    private readonly module: WasmModule,
    /** One entrypoint per rule package, sorted. */
    readonly ruleEntrypoints: readonly string[],
  ) {}

  static load(wasm: Uint8Array): PolicyEngine {
    try {
      const module = new Wasm.Module(wasm);
      const probe = loadPolicySync(module as PolicySource);
      const names = Object.keys(probe.entrypoints as Record<string, number>);
      const rules = names.filter((n) => n.startsWith(RULE_ENTRYPOINT_PREFIX)).sort();
      if (rules.length === 0 || !names.includes(COVERAGE_ENTRYPOINT)) {
        throw new Error('the bundle has no rule entrypoints (eks/entry/...)');
      }
      return new PolicyEngine(module, rules);
    } catch (thrown) {
      throw new InternalError(`cannot load the policy bundle: ${toError(thrown).message}. Rebuild it with \`npm run build\`.`);
    }
  }

  /**
   * Evaluates every rule on the input and returns the findings. `share: false` computes the
   * shared helpers in every package instead of once (the same findings, slower; for tests).
   */
  evaluate(input: PolicyInput, options: { share?: boolean } = {}): RawFinding[] {
    return this.evaluateAndRelease(input, false, options.share ?? true).findings;
  }

  /** Every rule, and the NetworkPolicy coverage report (rules.md §6.7) for evaluate/coverage.ts. */
  evaluateWithCoverage(input: PolicyInput): Evaluation {
    return this.evaluateAndRelease(input, true, true);
  }

  /**
   * Serialises the scan, starts the worker (for a scan large enough) and loads this thread's
   * instance. In a frame of its own: a frame holds what it passed to a call until it returns, so
   * the scan's JSON and the halves' scratch, passed to the worker and to loadScan, would
   * otherwise outlive the collection that follows (run()).
   */
  private load(
    input: PolicyInput, share: boolean, entrypoints: readonly string[], claims: Int32Array, take: (index: number, value: unknown) => void,
  ): { policy: LoadedPolicy; helper: Helper | undefined; large: boolean } {
    // A second thread pays off once loading the data is small next to evaluating the rules. It
    // starts first: starting a thread and loading its bundle overlap serialising the scan.
    const parallel = threads() > 1 && input.documents.length >= PARALLEL_MIN_DOCUMENTS;
    const helper = parallel ? startHelper(this.module, entrypoints, claims) : undefined;
    let loaded = false;
    try {
      // Serialised once, here: the memory is sized to it and the SDK takes the bytes as they are.
      const scan = scanJson(input, share);
      const pages = initialPages(scan.bytes.byteLength);
      const large = scan.bytes.byteLength >= RELEASE_MIN_BYTES;
      // Each thread writes half of the documents and takes the other half from the other thread
      // (split-load.ts).
      const at = splitPoint(scan.items, MAIN_SHARE);
      const scratch = helper ? splitScratch(scan.items, at) : undefined;
      helper?.send(scan, share, pages, scratch && { at, scratch });
      let policy: LoadedPolicy;
      try {
        policy = loadPolicySync(this.module as PolicySource, { initial: pages });
        loadScan(policy, scan, share, CHUNK_BYTES, true, helper && scratch ? { part: 0, at, scratch, exchange: (mine) => helper.exchange(mine, take) } : undefined);
      } catch (thrown) {
        throw new InternalError(`cannot load the scan into the policy engine: ${toError(thrown).message}.`);
      }
      loaded = true;
      return { policy, helper, large };
    } finally {
      // A worker left waiting for a scan or a half that will not come would hold its instance.
      if (!loaded) helper?.stop();
    }
  }

  /**
   * run(), then, for a large scan, a full collection (collect.ts): once run() has returned,
   * this thread's instance is garbage, and it is let go now rather than at V8's next full
   * collection, which at 10,000 documents came only after the gate and the report.
   */
  private evaluateAndRelease(input: PolicyInput, withCoverage: boolean, share: boolean): Evaluation {
    const { evaluation, large } = this.run(input, withCoverage, share);
    if (large) fullCollection();
    return evaluation;
  }

  /** The evaluation, and whether the scan was large enough to collect after (RELEASE_MIN_BYTES). */
  private run(input: PolicyInput, withCoverage: boolean, share: boolean): { evaluation: Evaluation; large: boolean } {
    // One queue both threads take from, the largest heaps first (heap-order.ts): the worker
    // takes from the front, this thread from the back.
    const names = withCoverage ? [COVERAGE_ENTRYPOINT, ...this.ruleEntrypoints] : this.ruleEntrypoints;
    const entrypoints = largestHeapsFirst(names);
    const claims = claimsFor(entrypoints.length);
    const results = new Map<number, unknown>();
    const take = (index: number, value: unknown) => void results.set(index, value);
    const { policy, helper, large } = this.load(input, share, entrypoints, claims, take);
    // The instance holds its own copy: the scan's JSON (as large as the scan) and the halves'
    // scratch can go before the packages allocate their heaps. They are shared memory, which
    // goes only once both threads have collected their hold on it: the worker does once it has
    // loaded (worker.ts).
    if (large) fullCollection();
    // The worker's results are taken between this thread's packages, as they come.
    let failure: PackageFailure | undefined = drain(policy, entrypoints, claims, 'back', take, () => void helper?.poll(take));
    const theirs = helper?.collect(() => failure === undefined && results.size < entrypoints.length, take);
    const used = helper?.delivered ? 2 : 1;
    // A worker that could not load (index -1) failed no package: what it lacked is done here.
    failure ??= theirs && theirs.index >= 0 ? theirs : undefined;
    // Whatever the worker took and did not deliver is evaluated here.
    for (let i = 0; failure === undefined && i < entrypoints.length; i++) {
      if (results.has(i)) continue;
      try {
        results.set(i, evaluateEntrypoint(policy, entrypoints[i] as string));
      } catch (thrown) {
        failure = { index: i, message: toError(thrown).message };
      }
    }
    if (failure) {
      const name = entrypoints[failure.index] ?? '';
      const where = name.slice('eks/entry/'.length).replace(/^rule_/, '').replace(/__/g, '.');
      throw new InternalError(
        `policy evaluation failed in ${where}: ${failure.message}. This is a bug in a policy or in the gate; ` +
          'please report it with the failing input.',
      );
    }
    // The findings in the packages' own order, whichever thread evaluated them.
    const byName = new Map(entrypoints.map((name, i) => [name, results.get(i)]));
    const findings: RawFinding[] = [];
    for (const name of this.ruleEntrypoints) append(findings, findingsOf(byName.get(name)));
    return { evaluation: { findings, coverage: withCoverage ? byName.get(COVERAGE_ENTRYPOINT) : undefined, threads: used }, large };
  }
}

function findingsOf(set: unknown): RawFinding[] {
  if (set === undefined) return [];
  if (!Array.isArray(set)) throw new InternalError('policy evaluation returned a non-array result; rebuild the bundle.');
  return set.map(toRawFinding);
}

export function toRawFinding(v: unknown): RawFinding {
  const o = (v ?? {}) as Record<string, unknown>;
  if (typeof o.rule !== 'string' || typeof o.message !== 'string') {
    throw new InternalError(`a policy returned a finding without a string "rule" and "message": ${JSON.stringify(v).slice(0, 300)}`);
  }
  const f: RawFinding = { rule: o.rule, message: o.message };
  if (typeof o.doc === 'number') f.doc = o.doc;
  if (Array.isArray(o.path)) f.path = o.path.filter((s): s is string | number => typeof s === 'string' || typeof s === 'number') as FieldPath;
  if (typeof o.severity === 'string' && (SEVERITIES as readonly string[]).includes(o.severity)) f.severity = o.severity as Severity;
  if (typeof o.mode === 'string' && (MODES as readonly string[]).includes(o.mode)) f.mode = o.mode as Mode;
  if (Array.isArray(o.embedded) && o.embedded.length > 0) f.embedded = o.embedded.filter((s): s is string | number => typeof s === 'string' || typeof s === 'number');
  if (Array.isArray(o.redact)) f.redact = o.redact.filter((s): s is string => typeof s === 'string');
  return f;
}
