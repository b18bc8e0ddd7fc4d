// The policies run over every document at once, so one document that makes a rule fail at run
// time (a Rego conflict, a built-in that throws on a value it did not expect) would otherwise
// cost the findings of every document. When the evaluation fails, the document whose addition
// makes it fail is found (binary search over prefixes: about log2(n) evaluations), left out
// and reported as an internal error; the rest is evaluated together again, so cross-document
// rules still see all the others. A success costs exactly one evaluation, as before.
import type { Config } from '../config/config.js';
import { toError } from '../errors.js';
import type { RawFinding, ScanError } from '../model.js';
import type { PolicyEngine } from './engine.js';
import { buildInput, type ScanDocument } from './input.js';

/** After this many documents are left out, the failure is not about documents. */
export const MAX_LEFT_OUT = 3;

/**
 * Failures that say the scan is too large to evaluate at once, not that a document is bad:
 * V8's longest string (the input's JSON), and the 4 GiB a 32-bit WebAssembly memory can hold
 * (a growth refused, or OPA's allocator writing past a growth it could not get). Leaving out
 * documents one by one would cost dozens of evaluations of the whole scan and end the same.
 */
const TOO_LARGE = /Invalid string length|Maximum memory size exceeded|could not allocate memory|Out of memory|memory access out of bounds/i;

function tooLarge(message: string, documents: number): ScanError {
  return {
    message: `${message.replace(/\.?\s*This is a bug.*$/s, '')}: the scan is too large to evaluate at once (${documents} documents). No policy finding could be computed, so the gate fails closed. ` +
      'Scan fewer paths per run (`eks-policy-gate targets --format matrix` splits a repository for a job matrix), or lower `limits.total-size` so that the rest is refused with EKS-INPUT-005.',
  };
}

export interface ResilientResult {
  /** Findings, with the scan's document ids. */
  findings: RawFinding[];
  /** The coverage report of the evaluation that succeeded (its ids index `documents`). */
  coverage: unknown;
  /** The documents that evaluation saw, renumbered from 0 as policies require. */
  documents: ScanDocument[];
  errors: ScanError[];
  /** Threads that evaluated rule packages in the evaluation that succeeded (0 when none did). */
  threads: number;
}

type Evaluate = (docs: ScanDocument[]) => { findings: RawFinding[]; coverage: unknown; threads?: number };

function describe(d: ScanDocument): string {
  const name = d.namespace ? `${d.namespace}/${d.name}` : d.name;
  return `${d.kind || 'document'} ${name || '(unnamed)'}`.trim();
}

/** Evaluates `documents`; when that fails, leaves out the documents that make it fail. */
export function evaluateResilient(engine: PolicyEngine, documents: ScanDocument[], config: Config, only?: ReadonlySet<string>): ResilientResult {
  return evaluateWith((docs) => engine.evaluateWithCoverage(buildInput(docs, config), only), documents);
}

export function evaluateWith(evaluate: Evaluate, documents: ScanDocument[]): ResilientResult {
  // Policies look documents up by id (input.documents[id]), so every evaluated set is
  // renumbered from 0; `origin` maps the numbers back to the scan's ids.
  let kept = documents.map((d, i) => ({ doc: { ...d, id: i }, origin: d.id }));
  const renumber = () => (kept = kept.map((k, i) => ({ doc: { ...k.doc, id: i }, origin: k.origin })));
  const errors: ScanError[] = [];
  const fails = (n: number): string | undefined => {
    try {
      evaluate(kept.slice(0, n).map((k) => ({ ...k.doc })));
      return undefined;
    } catch (thrown) {
      return toError(thrown).message;
    }
  };
  for (let leftOut = 0; ; leftOut++) {
    const docs = kept.map((k) => k.doc);
    let failure: string;
    try {
      const r = evaluate(docs);
      // Ids change only once a document was left out (the scan's ids are its positions).
      const same = kept.every((k, i) => k.origin === i);
      const findings = same ? r.findings : r.findings.map((f) => (f.doc === undefined ? f : { ...f, doc: kept[f.doc]?.origin ?? f.doc }));
      return { findings, coverage: r.coverage, documents: docs, errors, threads: r.threads ?? 1 };
    } catch (thrown) {
      failure = toError(thrown).message;
    }
    if (TOO_LARGE.test(failure)) {
      errors.push(tooLarge(failure, kept.length));
      return { findings: [], coverage: undefined, documents: [], errors, threads: 0 };
    }
    if (leftOut >= MAX_LEFT_OUT || kept.length === 0) {
      errors.push({
        message: `${failure} ${leftOut > 0 ? `(after leaving out ${leftOut} documents that made it fail) ` : ''}` +
          'No policy finding could be computed, so the gate fails closed. Re-run with fewer paths to find the input that causes it, and report it.',
      });
      return { findings: [], coverage: undefined, documents: [], errors, threads: 0 };
    }
    // The shortest prefix that fails: its last document is the one that makes it fail.
    let lo = 1;
    let hi = kept.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (fails(mid) !== undefined) hi = mid;
      else lo = mid + 1;
    }
    const culprit = kept[lo - 1] as (typeof kept)[number];
    const why = fails(lo) ?? failure;
    errors.push({
      file: culprit.doc.file,
      message: `the policies failed on ${describe(culprit.doc)} (${why.replace(/\.?\s*This is a bug.*$/s, '')}), so it was left out of the evaluation and its findings are missing; the other documents were checked. ` +
        'This is a bug in a policy: please report it with this document. To go on meanwhile, exclude the file under `paths.exclude` and set `fail-on-error: false`.',
    });
    kept = kept.filter((k) => k !== culprit);
    renumber();
  }
}
