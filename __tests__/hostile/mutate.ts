// Wrong-type mutations of real documents, and running the built-in policies over them. Used by
// wrong-types.test.ts; also a long sweep over the whole corpus:
//   WRONG_TYPES=full npx vitest run __tests__/hostile/wrong-types.test.ts
import fs from 'node:fs';
import path from 'node:path';
import { withDefaults, type Config } from '../../src/config/config.js';
import { buildInput, type ScanDocument } from '../../src/evaluate/input.js';
import { loadManifest } from '../../src/load/index.js';
import { loadTerraformPlans } from '../../src/load/terraform/index.js';
import { toError } from '../../src/errors.js';
import { policy } from '../../src/scan.js';
import type { RawFinding } from '../../src/model.js';

export type Step = string | number;
export type Path = Step[];

/** Values of every wrong type (and awkward values of the right ones). */
export const WRONG: readonly unknown[] = [
  null, [], {}, 'x', 7, true, -1.5, [7], { a: null }, ['x'], '', 1e300, '%v %d %s *[(', 'bm90IGpzb24=', '{"a":', [null], [[]], { '': {} },
];

/** Every path of a value (the root too), objects' keys and arrays' indexes. */
export function paths(v: unknown, p: Path = [], out: Path[] = []): Path[] {
  out.push(p);
  if (Array.isArray(v)) v.forEach((x, i) => paths(x, [...p, i], out));
  else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) paths(x, [...p, k], out);
  return out;
}

/** A copy of `o` with the value at `p` replaced (only the spine is copied). */
export function setAt(o: unknown, p: Path, value: unknown): unknown {
  if (p.length === 0) return value;
  const [head, ...rest] = p as [Step, ...Path];
  const copy: Record<string | number, unknown> = Array.isArray(o) ? ([...o] as unknown as Record<number, unknown>) : { ...(o as Record<string, unknown>) };
  copy[head] = setAt(copy[head], rest, value);
  return copy;
}

function walk(dir: string, out: string[] = []): string[] {
  for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else if (/\.(ya?ml|json)$/.test(e.name)) out.push(p);
  }
  return out;
}

const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** A scan document for an object (mutated or not), as the manifest source would make it. */
export function documentFor(object: unknown, id: number, source: ScanDocument['source'] = 'manifest', base?: ScanDocument): ScanDocument {
  const o = isRecord(object) ? object : {};
  const md = isRecord(o.metadata) ? o.metadata : {};
  return {
    id,
    file: base?.file ?? 'mutated.yaml',
    source,
    apiVersion: base?.apiVersion ?? (typeof o.apiVersion === 'string' ? o.apiVersion : ''),
    kind: base?.kind ?? (typeof o.kind === 'string' ? o.kind : ''),
    name: base?.name ?? (typeof md.name === 'string' ? md.name : ''),
    namespace: base?.namespace ?? (typeof md.namespace === 'string' ? md.namespace : 'default'),
    object: o,
    locate: () => ({ file: 'mutated.yaml', line: 1, column: 1, endLine: 1 }),
  };
}

/** Kubernetes objects of the YAML/JSON files under some directories. */
export function kubernetesObjects(dirs: string[]): Array<{ file: string; object: Record<string, unknown> }> {
  const out: Array<{ file: string; object: Record<string, unknown> }> = [];
  for (const dir of dirs) {
    for (const file of walk(dir)) {
      if (/tfplan|plan\.json|\.tfplan/i.test(file)) continue;
      const loaded = loadManifest(file, fs.readFileSync(file), { explicit: false, defaultNamespace: 'default' });
      for (const o of loaded.objects) out.push({ file, object: o.object });
    }
  }
  return out;
}

/** Terraform documents of the plan files under some directories (their `values` get mutated). */
export function terraformDocuments(dirs: string[]): ScanDocument[] {
  const plans = dirs.flatMap((d) => walk(d)).filter((f) => /\.json$/.test(f) && /"format_version"/.test(fs.readFileSync(f, 'utf8').slice(0, 4096).replace(/\u0000/g, '')));
  const root = '/';
  const out = loadTerraformPlans(plans.map((abs) => ({ abs, rel: abs.slice(1), explicit: true })), [], { root });
  return out.documents.map((d, i) => ({ ...d, id: i }));
}

export interface Failure {
  error: string;
  /** The smallest failing set: one document, as JSON (cut). */
  document: string;
}

/**
 * Evaluates the documents in batches; a failing batch is bisected down to the documents that
 * fail alone. Returns the failures, grouped by error text.
 */
export function evaluateAll(docs: ScanDocument[], opts: { batch?: number; config?: Config } = {}): { failures: Map<string, Failure & { count: number }>; evaluations: number } {
  const { engine } = policy();
  const config = opts.config ?? withDefaults({});
  const failures = new Map<string, Failure & { count: number }>();
  let evaluations = 0;
  const run = (batch: ScanDocument[]): string | undefined => {
    evaluations++;
    try {
      engine.evaluate(buildInput(batch.map((d, i) => ({ ...d, id: i })), config));
      return undefined;
    } catch (thrown) {
      return toError(thrown).message;
    }
  };
  const record = (error: string, docs: ScanDocument[]) => {
    const key = error.replace(/\d+:\d+/g, 'L:C').slice(0, 400);
    const known = failures.get(key);
    if (known) known.count++;
    else failures.set(key, { error, document: docs.map((d) => JSON.stringify(d.object).slice(0, 800 / docs.length)).join('\n    with '), count: 1 });
  };
  const isolate = (batch: ScanDocument[], known?: string): void => {
    const error = known ?? run(batch);
    if (!error) return;
    if (batch.length === 1) return record(error, batch);
    const mid = batch.length >> 1;
    const left = batch.slice(0, mid);
    const right = batch.slice(mid);
    const l = run(left);
    const r = run(right);
    if (l) isolate(left, l);
    if (r) isolate(right, r);
    if (l || r) return;
    // Neither half fails alone: documents that fail only together. The shortest failing prefix
    // ends with one of them; the shortest failing suffix of that prefix starts with another.
    let hi = batch.length;
    let lo = 1;
    while (lo < hi) {
      const m = (lo + hi) >> 1;
      if (run(batch.slice(0, m))) hi = m;
      else lo = m + 1;
    }
    const prefix = batch.slice(0, lo);
    let start = 0;
    let end = prefix.length - 1;
    while (start < end) {
      const m = (start + end + 1) >> 1;
      if (run(prefix.slice(m))) start = m;
      else end = m - 1;
    }
    const pair = [prefix[start] as ScanDocument, prefix[prefix.length - 1] as ScanDocument];
    record(run(pair) ?? error, pair);
  };
  const size = opts.batch ?? 50;
  for (let i = 0; i < docs.length; i += size) isolate(docs.slice(i, i + size));
  return { failures, evaluations };
}

/** Findings of one evaluation, keyed `rule doc path` (the message may quote the mutated value). */
export function findingKeys(docs: ScanDocument[], config: Config = withDefaults({})): Set<string> {
  const findings: RawFinding[] = policy().engine.evaluate(buildInput(docs, config));
  return new Set(findings.map((f) => `${f.rule} ${f.doc ?? ''} ${JSON.stringify(f.path ?? [])}`));
}
