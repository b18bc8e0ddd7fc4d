// The pipeline, one stage per folder of src/:
//   discover/  find the input files
//   load/      parse them into Kubernetes objects, with source maps
//   evaluate/  run the Rego policies (findings are born) and give each finding its line
//   gate/      decide mode, severity and whether a finding blocks
//   report/    print the result (text, JSON, SARIF, workflow commands)
import fs from 'node:fs';
import path from 'node:path';
import type { Config } from './config/config.js';
import { discover } from './discover/discover.js';
import { forgetTexts } from './load/texts.js';
import { releaseParserTables } from './load/yaml.js';
import { loadManifests, type SourceOutput } from './load/manifests.js';
import { loadTerraformPlans } from './load/terraform/index.js';
import { startCharts } from './load/helm/index.js';
import { loadKustomizations } from './load/kustomize/index.js';
import { InputBudget } from './load/limits.js';
import { evaluateResilient } from './evaluate/resilient.js';
import { keptResult, type KeptEvaluation } from './evaluate/reuse.js';
import { KeptParses } from './load/reuse.js';
import { redactor } from './evaluate/redact.js';
import { secretScrubber, type Scrubber } from './report/secrets.js';
import { loadAssets } from './evaluate/assets.js';
import { RuleIndex } from './evaluate/catalog.js';
import { PolicyEngine } from './evaluate/engine.js';
import { buildInput, type ScanDocument } from './evaluate/input.js';
import { formatPath, locate } from './evaluate/locate.js';
import { buildCoverage, emptyCoverage } from './evaluate/coverage.js';
import type { NetworkCoverage } from './report/coverage.js';
import { fingerprint } from './report/fingerprint.js';
import { isBlocking, verdictFor } from './gate/verdict.js';
import { applySuppressions, suppressionProblems, type ExceptionReport, type SuppressedFinding } from './gate/suppress.js';
import { InternalError, toError } from './errors.js';
import { configuredPolicies, loadCustomPolicies, type PolicySource } from './evaluate/custom/index.js';
import { activeRules, complianceReport, type ComplianceReport } from './compliance/report.js';
import type { Finding, RawFinding, ScanError, ScannedFile, Severity } from './model.js';
import { append } from './append.js';

export interface ScanOptions {
  /** Files and directories to scan. */
  paths: string[];
  /** Repository root: locations are relative to it. */
  root: string;
  config: Config;
  /** Overrides the configuration's severity threshold. */
  severityThreshold?: Severity;
  /** Today's date (YYYY-MM-DD, UTC) for exception expiry; default: the clock's. */
  today?: string;
  /** Custom policy sources; replace the configuration's `policies` (docs/custom-policies.md). */
  policies?: PolicySource[];
  /** Compliance frameworks; replace the configuration's `frameworks` (docs/compliance.md). */
  frameworks?: string[];
  /** Keep this scan's parses and evaluation for a scan of another revision (the base's). */
  keep?: ScanMemo;
  /** Take parses and the evaluation from a scan that kept them, where the inputs are the same. */
  reuse?: ScanMemo;
  /**
   * Evaluate only the built-in rule packages that can report one of these rule IDs, and no
   * NetworkPolicy coverage report. A base revision's findings serve only to tell which of the
   * pull request's findings are new (gate/baseline.ts), and a finding's fingerprint holds its
   * rule, so the base scan needs only the rules the pull request's scan reported.
   */
  rules?: ReadonlySet<string>;
}

/**
 * What one scan keeps for a second scan of another revision of the same repository (the
 * base's, for gate `new` and --base): the manifests' parses (load/reuse.ts) and the
 * evaluation (evaluate/reuse.ts).
 */
export class ScanMemo {
  readonly parses = new KeptParses();
  evaluation: KeptEvaluation | undefined;
  /** Whether a later scan took the evaluation. */
  evaluationTaken = false;

  /** Lets go of the kept parses and evaluation once a later scan has taken what it could. */
  release(evaluationTaken: boolean): void {
    this.evaluationTaken = evaluationTaken;
    this.evaluation = undefined;
    this.parses.release();
  }

  /** What a later scan took, for a log line: "5,555 of 5,556 files' parses and the evaluation". */
  describeTaken(): string {
    const { taken, size } = this.parses;
    return `${taken.toLocaleString('en-US')} of ${size.toLocaleString('en-US')} files' parses${this.evaluationTaken ? ' and the evaluation' : ''}`;
  }
}

export type Stage = 'discover' | 'parse' | 'evaluate' | 'gate';

export interface ScanResult {
  files: ScannedFile[];
  documents: number;
  findings: Finding[];
  /** Findings accepted by an annotation, comment or configuration exception (product.md §6). */
  suppressed: SuppressedFinding[];
  /** Configuration exceptions that matched nothing, and those past their expiry date. */
  exceptions: { unused: ExceptionReport[]; expired: ExceptionReport[] };
  errors: ScanError[];
  rules: RuleIndex;
  /** Per selected compliance framework, the controls passed and failed (docs/compliance.md). */
  compliance?: ComplianceReport;
  /** NetworkPolicy coverage per workload and namespace (rules.md §6.7; report/coverage.ts). */
  coverage?: NetworkCoverage;
  /** Milliseconds spent per stage. */
  timings: Record<Stage, number>;
  /** Threads that evaluated the rule packages (0 when there was nothing to evaluate). */
  threads: number;
  /**
   * Removes the secret values this scan found, and anything that looks like a secret, from a
   * text: apply it to every output (report, summary, comment, log line) before writing it.
   */
  scrub?: Scrubber;
}

let cached: { engine: PolicyEngine; rules: RuleIndex } | undefined;

/** The policy bundle, loaded once per process. */
export function policy(): { engine: PolicyEngine; rules: RuleIndex } {
  if (!cached) {
    const assets = loadAssets();
    cached = { engine: PolicyEngine.load(assets.wasm), rules: new RuleIndex(assets.catalog) };
  }
  return cached;
}

export function scan(opts: ScanOptions): ScanResult {
  const t0 = performance.now();
  forgetTexts();
  releaseParserTables();
  const { config } = opts;
  const threshold = opts.severityThreshold ?? config.severityThreshold;
  const found = discover(opts.paths, {
    root: opts.root, exclude: config.paths.exclude, include: config.paths.include,
    planGlobs: config.raw.terraform?.plans ?? [], binaryPlanGlobs: config.raw.terraform?.['binary-plans'] ?? [],
  });
  const t1 = performance.now();

  // Each input source turns what discovery found into documents (and input findings).
  // Charts and overlays are rendered; files a rendered overlay reads are not plain manifests.
  const scanned = opts.paths.map((p) => path.resolve(p));
  // Every source reads within the limits; together they share one byte budget (load/limits.ts).
  const { limits } = config;
  const budget = new InputBudget(limits);
  // A failure inside one source is an internal error of the scan (reported; the gate fails
  // closed unless fail-on-error is false), not the end of the other sources.
  const errors: ScanError[] = [];
  const kustomize = guarded('Kustomize overlays', () => loadKustomizations(found.kustomizations, { root: opts.root, config, scanned, budget }), { ...noSource(), owned: new Set<string>(), renders: [] }, errors);
  const plain = kustomize.owned.size ? found.manifests.filter((f) => !kustomize.owned.has(f.real ?? fs.realpathSync(f.abs))) : found.manifests;
  // Charts render in processes of their own, side by side, while the plain manifests are
  // parsed here (run-pool.ts); their output is loaded after the manifests, as before.
  const charts = guarded('Helm charts', () => startCharts(found.charts, { root: opts.root, config, scanned, budget }), { finish: noSource }, errors);
  let manifests: SourceOutput;
  let helm: SourceOutput;
  try {
    manifests = loadManifests(plain, config.namespaces.default, {
      limits, budget, ...(opts.keep ? { keep: opts.keep.parses } : {}), ...(opts.reuse ? { reuse: opts.reuse.parses } : {}),
    });
  } finally {
    // Waited for even when the manifests fail, so that no render outlives the scan.
    helm = guarded('Helm charts', () => charts.finish(), noSource(), errors);
  }
  const sources: SourceOutput[] = [manifests, helm, kustomize];
  sources.push(guarded('Terraform plans', () => loadTerraformPlans(found.plans, found.binaryPlans, {
    root: opts.root,
    ...(config.raw.terraform?.sources ? { sourcesDir: config.raw.terraform.sources } : {}),
    subprocessSeconds: limits.subprocessSeconds,
    limits,
    budget,
  }), noSource(), errors));
  const files: ScannedFile[] = [];
  const documents: ScanDocument[] = [];
  const raw: RawFinding[] = found.skippedLinks.map(linkFinding);
  for (const source of sources) {
    append(files, source.files);
    append(raw, source.findings);
    append(errors, source.errors ?? []);
    for (const d of source.documents) documents.push({ ...d, id: documents.length });
  }
  releaseParserTables();
  const t2 = performance.now();

  const { engine } = policy();
  // User policies run as a second engine on the same input (src/evaluate/custom/).
  const custom = loadCustomPolicies(opts.policies ?? configuredPolicies(config, opts.root), policy().rules);
  const { rules } = custom;
  let networkCoverage = emptyCoverage();
  let threads = 0;
  if (documents.length > 0) {
    // One document a policy fails on costs only its own findings (evaluate/resilient.ts).
    const kept = opts.reuse ? keptResult(opts.reuse.evaluation, documents, config) : undefined;
    // What this scan did not take is let go before it evaluates: the documents hold what they
    // took of the parses, and the kept findings and documents would only weigh on the
    // evaluation's peak. (Collecting them at once, evaluate/collect.ts, lowered the base
    // evaluation's peak at 10,000 documents by about 12 MB but cost it 0.3-0.5 s.)
    opts.reuse?.release(kept !== undefined);
    const only = opts.rules ? policy().rules.entrypointsFor(opts.rules, engine.ruleEntrypoints) : undefined;
    const evaluated = kept ?? evaluateResilient(engine, documents, config, only);
    // Kept for a later scan only when whole.
    if (opts.keep && !only) opts.keep.evaluation = { config, documents, result: evaluated };
    // The built-in rules build their own input; custom rules get one only when there are any.
    append(raw, evaluated.findings);
    if (custom.custom.length) append(raw, custom.evaluate(buildInput(documents, config)));
    append(errors, evaluated.errors);
    networkCoverage = buildCoverage(evaluated.coverage, evaluated.documents);
    ({ threads } = evaluated);
  }
  // Selected compliance frameworks limit which rules report (src/compliance/).
  const frameworks = opts.frameworks ?? config.raw.frameworks ?? [];
  const active = activeRules(rules, frameworks, config, new Set(custom.custom.map((r) => r.id)));
  const suppressionContext = { config, root: opts.root, knownRule: (id: string) => rules.get(id) !== undefined, ...(opts.today ? { today: opts.today } : {}) };
  append(raw, suppressionProblems(documents, files.map((f) => f.path), suppressionContext));
  const t3 = performance.now();

  const findings: Finding[] = [];
  // The findings of one document share its resource object (read-only from here on).
  const resources = new Array<Finding['resource']>(documents.length);
  // No message may print a sensitive value of any document (evaluate/redact.ts).
  const redact = redactor(documents.flatMap((d) => d.secrets ?? []));
  // ...nor a secret a policy found, nor anything that looks like one (report/secrets.ts).
  const scrub = secretScrubber([...raw.flatMap((f) => f.redact ?? []), ...documents.flatMap((d) => d.secrets ?? [])]);
  // Both are pure functions of the text, and messages repeat (the 50,877 findings of the
  // benchmark's 10,216 documents have 7,470 distinct messages): each is cleaned once.
  const cleaned = new Map<string, string>();
  const clean = (message: string): string => {
    let out = cleaned.get(message);
    if (out === undefined) cleaned.set(message, (out = scrub(redact(message))));
    return out;
  };
  // Finished in the order of their documents: the findings of one document then read its
  // source map and object while they are in the processor's caches. Each finding keeps its
  // place, so the result does not depend on the order of the work.
  const slots = new Array<Finding | undefined>(raw.length);
  for (const i of byDocument(raw, documents.length)) {
    const f = raw[i] as RawFinding;
    const meta = rules.get(f.rule);
    if (!meta) throw new InternalError(`a policy reported rule ${f.rule}, which is not in the rule catalog; rebuild with \`npm run build\`.`);
    const verdict = verdictFor(f.rule, meta, f, config);
    if (verdict.mode === 'off') continue;
    if (active && !active.has(f.rule)) continue;
    const doc = f.doc !== undefined ? documents[f.doc] : undefined;
    const resource = doc ? resourceOf(doc, resources) : undefined;
    // A path inside an embedded document (aws-auth mapRoles) extends the field's path.
    const path = f.embedded?.length ? [...(f.path ?? []), ...f.embedded] : f.path;
    const fp = fingerprint({ ruleId: f.rule, resource, path, object: doc?.object, file: f.file, message: f.message });
    const fieldPath = formatPath(path);
    // Members added in the order the reports print them, without a spread's object per finding.
    const finding = {
      ruleId: f.rule,
      title: meta.title,
      severity: verdict.severity,
      mode: verdict.mode,
      blocking: isBlocking(verdict.mode, verdict.severity, threshold),
      message: clean(f.message),
      location: locate(f, doc),
    } as Finding;
    if (resource) finding.resource = resource;
    if (fieldPath) finding.fieldPath = fieldPath;
    finding.fingerprint = fp;
    slots[i] = finding;
  }
  for (const f of slots) if (f) findings.push(f);
  const accepted = applySuppressions(findings, documents, suppressionContext);
  findings.length = 0;
  append(findings, accepted.findings);
  sortFindings(findings);
  // Two findings with one identity (the same object rendered twice, say) stay distinct.
  const seen = new Map<string, number>();
  for (const f of findings) {
    const n = (seen.get(f.fingerprint) ?? 0) + 1;
    seen.set(f.fingerprint, n);
    if (n > 1) f.fingerprint = `${f.fingerprint}:${n}`;
  }
  const coverage = { k8s: documents.some((d) => d.source !== 'terraform'), tf: documents.some((d) => d.source === 'terraform'), files: files.length > 0 };
  const compliance = frameworks.length ? complianceReport(rules, findings, frameworks, coverage, config) : undefined;
  const t4 = performance.now();
  return {
    files,
    documents: documents.length,
    findings,
    suppressed: sortFindings(accepted.suppressed),
    exceptions: { unused: accepted.unused, expired: accepted.expired },
    errors,
    rules,
    ...(compliance ? { compliance } : {}),
    coverage: networkCoverage,
    timings: { discover: t1 - t0, parse: t2 - t1, evaluate: t3 - t2, gate: t4 - t3 },
    threads,
    scrub,
  };
}

/**
 * The indexes of `raw` grouped by document (a counting sort: stable, linear), the findings
 * without a document last.
 */
function byDocument(raw: readonly RawFinding[], documents: number): Int32Array {
  const buckets = new Int32Array(raw.length);
  const starts = new Int32Array(documents + 2);
  for (let i = 0; i < raw.length; i++) {
    const doc = (raw[i] as RawFinding).doc;
    const b = doc !== undefined && doc >= 0 && doc < documents ? doc : documents;
    buckets[i] = b;
    starts[b + 1] = (starts[b + 1] as number) + 1;
  }
  for (let b = 1; b < starts.length; b++) starts[b] = (starts[b] as number) + (starts[b - 1] as number);
  const order = new Int32Array(raw.length);
  for (let i = 0; i < raw.length; i++) {
    const b = buckets[i] as number;
    const at = starts[b] as number;
    order[at] = i;
    starts[b] = at + 1;
  }
  return order;
}

/** What a source that failed gives. */
function noSource(): SourceOutput {
  return { files: [], documents: [], findings: [] };
}

/** Runs one input source; if it throws, records an internal error and goes on without it. */
function guarded<T>(what: string, load: () => T, fallback: T, errors: ScanError[]): T {
  try {
    return load();
  } catch (thrown) {
    errors.push({ message: `reading the ${what} failed: ${toError(thrown).message}. They were not checked. This is a bug in eks-policy-gate: please report it. To go on meanwhile, exclude them under \`paths.exclude\` and set \`fail-on-error: false\`.` });
    return fallback;
  }
}

/** The resource a finding on `doc` is about; one object per document. */
function resourceOf(doc: ScanDocument, cache: Array<Finding['resource']>): NonNullable<Finding['resource']> {
  return (cache[doc.id] ??= {
    ...(doc.apiVersion ? { apiVersion: doc.apiVersion } : {}),
    kind: doc.kind,
    ...(doc.namespace ? { namespace: doc.namespace } : {}),
    name: doc.name,
  });
}

/** A symbolic link out of the repository that discovery did not follow (EKS-INPUT-006). */
function linkFinding(file: string): RawFinding {
  return {
    rule: 'EKS-INPUT-006', file, line: 1, column: 1,
    message: `${file} is a symbolic link that leaves the repository. The gate never reads outside the repository, so what it points to was not checked. Replace the link with the file it points to, or exclude it under \`paths.exclude\`.`,
  };
}

/**
 * Sorts findings in place by file, line, column, rule and message, and returns them. The files are put in order
 * once and compared by rank: half a million findings compare long, mostly equal paths
 * millions of times otherwise.
 */
export function sortFindings<T extends Finding>(findings: T[]): T[] {
  const files = [...new Set(findings.map((f) => f.location.file))].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const rank = new Map(files.map((file, i) => [file, i]));
  const keyed = findings.map((f) => ({ f, file: rank.get(f.location.file) as number }));
  keyed.sort((a, b) => a.file - b.file || compareWithinFile(a.f, b.f));
  for (let i = 0; i < keyed.length; i++) findings[i] = (keyed[i] as (typeof keyed)[number]).f;
  return findings;
}

/** The order of two findings in one file: line, column, rule, message. */
function compareWithinFile(a: Finding, b: Finding): number {
  return (
    a.location.line - b.location.line ||
    a.location.column - b.location.column ||
    (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0) ||
    (a.message < b.message ? -1 : a.message > b.message ? 1 : 0)
  );
}
