// Wrong types anywhere (issue item 4): real documents (the examples, one object of every kind
// of the shared corpus, Terraform plans) are mutated at every path into values of the wrong
// type (`metadata: []`, `spec: "x"`, `containers: 7`, null, numbers for strings, ...), and the
// policies must evaluate every one without a runtime error (a Rego conflict or a built-in that
// throws aborts the whole evaluation). And a wrong-typed field must not hide the findings on the
// fields that are still well-formed.
//
// Default: every path of every selected object, with 3 of the wrong values per path (rotated so
// every value is used). WRONG_TYPES=full: every distinct field of every kind in the corpus (all
// objects, each path shape once), every Terraform path, with every wrong value (long).
import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { CORPUS, ROOT } from '../helpers.js';
import type { ScanDocument } from '../../src/evaluate/input.js';
import { documentFor, evaluateAll, findingKeys, kubernetesObjects, paths, setAt, terraformDocuments, WRONG, type Path } from './mutate.js';
import { timed } from './record.js';

const FULL = process.env.WRONG_TYPES === 'full';
const PER_PATH = FULL ? WRONG.length : 3;

/**
 * Mutations of every path of an object. With `seen`, a path whose shape (kind, keys, any index)
 * was mutated already in another object of the same kind is skipped: the full sweep covers each
 * distinct field of each kind of the corpus with every value, not each copy of it.
 */
function mutations(object: unknown, seed: number, seen?: Set<string>): unknown[] {
  const out: unknown[] = [];
  let n = seed;
  const kind = String((object as { kind?: unknown }).kind);
  for (const p of paths(object)) {
    if (seen) {
      const shape = `${kind}|${p.map((x) => (typeof x === 'number' ? '*' : x)).join('.')}`;
      if (seen.has(shape)) continue;
      seen.add(shape);
    }
    for (let k = 0; k < PER_PATH; k++) out.push(setAt(object, p, WRONG[(n + k) % WRONG.length]));
    n += PER_PATH;
  }
  return out;
}

function report(failures: ReturnType<typeof evaluateAll>['failures']): string {
  return [...failures.values()].map((f) => `${f.count}x ${f.error}\n    e.g. ${f.document}`).join('\n');
}

/** One object per apiVersion+kind (the first seen), CRDs left out (no rule reads their schemas). */
function onePerKind(objects: Array<{ object: Record<string, unknown> }>): Array<Record<string, unknown>> {
  const seen = new Map<string, Record<string, unknown>>();
  for (const { object } of objects) {
    const key = `${String(object.apiVersion)}|${String(object.kind)}`;
    if (object.kind === 'CustomResourceDefinition' || seen.has(key)) continue;
    seen.set(key, object);
  }
  return [...seen.values()];
}

describe('wrong types never make a policy fail', () => {
  it('the examples, every path', () => {
    const objects = kubernetesObjects([path.join(ROOT, 'examples')]).map((o) => o.object);
    const docs = objects.flatMap((o, i) => mutations(o, i)).map((m, i) => documentFor(m, i));
    const r = timed('wrong types', `examples: ${objects.length} objects, ${docs.length} mutations`, () => evaluateAll(docs), (x) => `${x.failures.size} distinct policy errors in ${x.evaluations} evaluations`);
    expect(report(r.failures)).toBe('');
  });

  it('one object of every kind of the shared corpus, every path', () => {
    const all = kubernetesObjects([path.join(CORPUS, 'k8s'), path.join(CORPUS, 'helm')]);
    const objects = FULL ? all.map((o) => o.object).filter((o) => o.kind !== 'CustomResourceDefinition') : onePerKind(all);
    const docs: ScanDocument[] = [];
    const seen = FULL ? new Set<string>() : undefined;
    objects.forEach((o, i) => {
      for (const m of mutations(o, i, seen)) docs.push(documentFor(m, docs.length));
    });
    const r = timed('wrong types', `corpus: ${objects.length} objects (${FULL ? 'all' : 'one per kind'}), ${docs.length} mutations`, () => evaluateAll(docs), (x) => `${x.failures.size} distinct policy errors in ${x.evaluations} evaluations`);
    expect(report(r.failures)).toBe('');
  }, FULL ? 24 * 3600_000 : 300_000);

  it('Terraform plans: every path of every resource\'s values', () => {
    const dirs = [path.join(ROOT, '__tests__/fixtures/terraform'), ...(fs.existsSync(path.join(CORPUS, 'tfplan')) ? [path.join(CORPUS, 'tfplan')] : [])];
    const base = terraformDocuments(dirs);
    // A resource's address is unique in its plan (the loader keeps the first of duplicates), so
    // each evaluation holds every resource once: round k mutates each resource's k-th variant,
    // and the rest of its plan stays as it is (cross-resource rules see a whole plan).
    const variants = base.map((d, i) => {
      const out: Array<Record<string, unknown>> = [];
      let n = i;
      // Default: the first 30 paths of each resource, 2 values each (a whole-plan evaluation
      // per round is the cost); WRONG_TYPES=full: every path, every value.
      const perPath = FULL ? WRONG.length : 2;
      for (const p of FULL ? paths(d.object.values) : paths(d.object.values).slice(0, 30)) {
        for (let k = 0; k < perPath; k++) out.push(setAt(d.object, ['values', ...p] as Path, WRONG[(n + k) % WRONG.length]) as Record<string, unknown>);
        n += perPath;
      }
      // The resource object itself: a broken plan shape.
      for (const key of ['values', 'unknown', 'sensitive', 'references', 'actions', 'address', 'type', 'mode', 'plan']) out.push({ ...d.object, [key]: WRONG[(n++) % WRONG.length] });
      return out;
    });
    const rounds = Math.max(...variants.map((v) => v.length));
    const docs: ScanDocument[] = [];
    for (let k = 0; k < rounds; k++) base.forEach((d, i) => docs.push({ ...d, id: docs.length, object: variants[i]?.[k] ?? d.object }));
    const mutations = variants.reduce((n, v) => n + v.length, 0);
    const r = timed('wrong types', `Terraform: ${base.length} resources, ${mutations} mutations in ${rounds} whole-plan rounds`, () => evaluateAll(docs, { batch: base.length }), (x) => `${x.failures.size} distinct policy errors in ${x.evaluations} evaluations`);
    expect(report(r.failures)).toBe('');
  }, FULL ? 24 * 3600_000 : 300_000);
});

describe('a wrong-typed field does not hide findings on the well-formed ones', () => {
  // The insecure example's workloads with their Namespace: their findings on per-field rules must
  // survive any mutation of a field that is not on their path and does not decide what the
  // object is (kind, name, namespace, labels and annotations, which rules legitimately read).
  const objects = kubernetesObjects([path.join(ROOT, 'examples/insecure-app')]);
  const namespace = objects.find((o) => o.object.kind === 'Namespace')?.object;
  const PER_FIELD = /^EKS-(PSB|PSR|POD|RT)-/;
  const IDENTITY: Path[] = [['apiVersion'], ['kind'], ['metadata'], ['spec', 'template', 'metadata'], ['spec', 'selector']];
  const startsWith = (p: readonly unknown[], q: readonly unknown[]) => q.length <= p.length && q.every((s, i) => p[i] === s);
  const LISTS = new Set<unknown>(['containers', 'initContainers', 'ephemeralContainers']);
  /**
   * Whether a finding at `f` may rightly depend on the field at `m`: `m` is `f` or one of its
   * ancestors or descendants; a name (names join mounts to volumes, annotations to containers);
   * a volume for a finding on a mount (or the reverse); or the containers themselves (a list or
   * an item) for a pod-level securityContext finding, which is about the containers' effective
   * settings. Any other mutation must leave the finding in place.
   */
  const dependsOn = (f: Path, m: Path): boolean => {
    if (startsWith(f, m) || startsWith(m, f)) return true;
    if (m.at(-1) === 'name') return true;
    if ((m.includes('volumes') && f.includes('volumeMounts')) || (f.includes('volumes') && m.includes('volumeMounts'))) return true;
    const i = m.findIndex((s) => LISTS.has(s));
    return i >= 0 && m.length <= i + 2 && !f.some((s) => LISTS.has(s)) && f.includes('securityContext');
  };

  // Every pod carrier of the insecure example (with its Namespace, which sets the PSA level).
  const carriers = objects.filter((o) => o.object.kind !== 'Namespace');
  for (const carrier of carriers) {
    const object = carrier.object;
    const name = `${String(object.kind)} ${String((object.metadata as { name?: unknown } | undefined)?.name)}`;
    it(`${name}: every mutation of every other path keeps them`, () => {
      expect(namespace).toBeTruthy();
      const docs = (d: unknown) => [documentFor(namespace, 0), documentFor(d, 1)];
      const baseline = [...findingKeys(docs(object))].filter((k) => PER_FIELD.test(k) && k.split(' ')[1] === '1');
      expect(baseline.length).toBeGreaterThan(2);
      const lost: string[] = [];
      let checked = 0;
      timed('wrong types', `insecure ${name}: findings kept under unrelated mutations`, () => {
        for (const p of paths(object)) {
          if (p.length === 0 || IDENTITY.some((i) => startsWith(p, i))) continue;
          const related = baseline.filter((k) => dependsOn(JSON.parse(k.slice(k.indexOf('['))) as Path, p));
          for (const w of [null, 'x', 7, [], {}]) {
            const found = findingKeys(docs(setAt(object, p, w)));
            checked++;
            for (const k of baseline) if (!related.includes(k) && !found.has(k)) lost.push(`${JSON.stringify(p)} = ${JSON.stringify(w)} hides ${k}`);
          }
        }
      }, () => `${checked} mutations of ${baseline.length} findings, ${lost.length} hidden`);
      expect(lost).toEqual([]);
    }, 300_000);
  }
});
