// Runs the compiled Rego (WebAssembly) over the whole scan: every rule sees every document
// (cross-resource rules need them together). This is where Rego findings are born.
import type { LoadedPolicy } from '@open-policy-agent/opa-wasm';
import { InternalError, toError } from '../errors.js';
import type { FieldPath, Mode, RawFinding, Severity } from '../model.js';
import { MODES, SEVERITIES } from '../model.js';
import type { PolicyInput } from './input.js';
import { evaluateEntrypoint, loadPolicySync, loadScan, scanJson, type DirectScan, type PolicySource, type ScanJson } from './instance.js';
import { claimsFor, drain, startHelper, threads, type Helper, type PackageFailure } from './parallel.js';
import { largestHeapsFirst } from './heap-order.js';
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

  /**
   * Every rule, and the NetworkPolicy coverage report (rules.md §6.7) for evaluate/coverage.ts;
   * with `only`, just the rule packages it names (entrypoints) and no coverage report.
   */
  evaluateWithCoverage(input: PolicyInput, only?: ReadonlySet<string>): Evaluation {
    return this.evaluateAndRelease(input, only === undefined, true, only);
  }

  /**
   * Starts the worker (for a scan large enough), loads this thread's instance with the scan and
   * hands the worker the documents it wrote. In a frame of its own: a frame holds what it passed
   * to a call until it returns, so the documents' block, passed to the worker, would otherwise
   * outlive the collection that follows (run()).
   */
  private load(
    input: PolicyInput, share: boolean, entrypoints: readonly string[], claims: Int32Array,
  ): { policy: LoadedPolicy; helper: Helper | undefined; large: boolean; heldJson: boolean } {
    // A second thread pays off once loading the data is small next to evaluating the rules. It
    // starts first: starting a thread and loading its bundle overlap writing the documents.
    const parallel = threads() > 1 && entrypoints.length > 1 && input.documents.length >= PARALLEL_MIN_DOCUMENTS;
    const helper = parallel ? startHelper(this.module, entrypoints, claims) : undefined;
    let loaded = false;
    try {
      // The documents are written into this thread's instance from their objects, and the
      // worker copies them in (direct-load.ts); only the scan's other members go as JSON. A
      // document that cannot be written exactly (writer.ts) sends the scan as JSON instead,
      // which each thread then loads whole.
      const skeleton = scanJson(input, share, false).bytes;
      let size = skeleton.byteLength;
      let sent = false;
      let json: ScanJson | undefined;
      const direct: DirectScan = {
        skeleton,
        documents: input.documents,
        pagesFor: (bytes) => {
          size = bytes;
          return initialPages(bytes);
        },
        ...(helper ? {
          publish: (written, pages) => {
            helper.sendWritten(skeleton, written, share, pages);
            sent = true;
          },
        } : {}),
        fallback: () => {
          if (json) return json;
          json = scanJson(input, share);
          size = json.bytes.byteLength;
          if (!sent) helper?.send(json, share, initialPages(size));
          sent = true;
          return json;
        },
      };
      let policy: LoadedPolicy;
      try {
        policy = loadPolicySync(this.module as PolicySource, { initial: initialPages(skeleton.byteLength) });
        loadScan(policy, direct, share);
      } catch (thrown) {
        throw new InternalError(`cannot load the scan into the policy engine: ${toError(thrown).message}.`);
      }
      loaded = true;
      return { policy, helper, large: size >= RELEASE_MIN_BYTES, heldJson: json !== undefined };
    } finally {
      // A worker left waiting for a scan that will not come would hold its instance.
      if (!loaded) helper?.stop();
    }
  }

  /**
   * run(), then, for a large scan, a full collection (collect.ts): once run() has returned,
   * this thread's instance is garbage, and it is let go now rather than at V8's next full
   * collection, which at 10,000 documents came only after the gate and the report.
   */
  private evaluateAndRelease(input: PolicyInput, withCoverage: boolean, share: boolean, only?: ReadonlySet<string>): Evaluation {
    const rules = only ? this.ruleEntrypoints.filter((name) => only.has(name)) : this.ruleEntrypoints;
    // Nothing to evaluate: the scan is not even loaded.
    if (rules.length === 0 && !withCoverage) return { findings: [], coverage: undefined, threads: 0 };
    const { evaluation, large } = this.run(input, withCoverage, share, rules);
    if (large) fullCollection();
    return evaluation;
  }

  /** The evaluation, and whether the scan was large enough to collect after (RELEASE_MIN_BYTES). */
  private run(input: PolicyInput, withCoverage: boolean, share: boolean, rules: readonly string[]): { evaluation: Evaluation; large: boolean } {
    // One queue both threads take from, the largest heaps first (heap-order.ts): the worker
    // takes from the front, this thread from the back.
    const names = withCoverage ? [COVERAGE_ENTRYPOINT, ...rules] : rules;
    const entrypoints = largestHeapsFirst(names);
    const claims = claimsFor(entrypoints.length);
    const results = new Map<number, unknown>();
    const take = (index: number, value: unknown) => void results.set(index, value);
    const { policy, helper, large, heldJson } = this.load(input, share, entrypoints, claims);
    // The documents' block went to the worker, which lets it go (worker.ts). The scan's JSON,
    // where the documents went as JSON instead, can go before the packages allocate their heaps:
    // the instance holds its own copy. It is shared memory, which goes only once both threads
    // have collected their hold on it: the worker does once it has loaded.
    if (large && heldJson) fullCollection();
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
    for (const name of rules) append(findings, findingsOf(byName.get(name)));
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
