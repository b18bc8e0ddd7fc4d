// Where a finding on a kustomize-built object is reported: the file that defines the resource
// (from the `config.kubernetes.io/origin` annotation the build adds, else by apiVersion, kind
// and name), at the field's line there, unless a patch of the overlay sets that field: then at
// the patch's line, since that is what the user must change.
import fs from 'node:fs';
import path from 'node:path';
import type { FieldPath, Location } from '../../model.js';
import { loadManifest, type LoadedFile } from '../index.js';
import type { KubeObject } from '../kubernetes.js';
import { LineIndex, resolvePath, type Frame } from '../source-map.js';
import { parseYaml } from '../yaml.js';
import type { Kustomization, PatchRef } from './graph.js';

function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Source files parsed once per scan. */
export class SourceFiles {
  private readonly files = new Map<string, LoadedFile | null>();

  constructor(readonly root: string) {}

  rel(abs: string): string {
    return path.relative(this.root, abs).split(path.sep).join('/');
  }

  private readonly raw = new Map<string, { value: unknown; root: Frame | undefined; lines: LineIndex } | null>();

  /** A file's first YAML document, whatever it holds (a JSON 6902 patch, a kustomization). */
  yaml(abs: string): { value: unknown; root: Frame | undefined; lines: LineIndex } | undefined {
    let f = this.raw.get(abs);
    if (f === undefined) {
      f = null;
      try {
        const text = fs.readFileSync(abs, 'utf8').replace(/^\uFEFF/, '');
        const d = parseYaml(text).documents[0];
        if (d) f = { value: d.value, root: d.root, lines: new LineIndex(text) };
      } catch {
        // unreadable: no location from it
      }
      this.raw.set(abs, f);
    }
    return f ?? undefined;
  }

  get(abs: string): LoadedFile | undefined {
    let f = this.files.get(abs);
    if (f === undefined) {
      f = null;
      try {
        f = loadManifest(this.rel(abs), fs.readFileSync(abs), { explicit: false, defaultNamespace: '' });
      } catch {
        // unreadable: no location from it
      }
      this.files.set(abs, f);
    }
    return f ?? undefined;
  }
}

/**
 * The same field in another version of the object: list items are matched by `name` (as
 * kustomize merges containers, volumes, env), else by position. Stops where the other version
 * has no such item.
 */
export function translatePath(rendered: unknown, other: unknown, p: FieldPath): FieldPath {
  const out: (string | number)[] = [];
  let r = rendered;
  let o = other;
  for (const step of p) {
    if (typeof step === 'number') {
      if (!Array.isArray(r) || !Array.isArray(o)) break;
      const item: unknown = r[step];
      let index = step;
      if (isRecord(item) && typeof item.name === 'string') {
        index = o.findIndex((x) => isRecord(x) && x.name === item.name);
        if (index < 0) break;
      } else if (index >= o.length) break;
      out.push(index);
      r = item;
      o = o[index];
    } else {
      if (!isRecord(r) || !isRecord(o) || !(step in o)) break;
      out.push(step);
      r = r[step];
      o = o[step];
    }
  }
  return out;
}

/** The name a resource had in its source file: the rendered name without prefixes, suffixes, hashes. */
function nameMatches(sourceName: string, renderedName: string): boolean {
  return sourceName === renderedName || (sourceName !== '' && renderedName.includes(sourceName));
}

/** The object of a file that became this rendered object. */
export function findSourceObject(file: LoadedFile, kind: string, renderedName: string): KubeObject | undefined {
  const sameKind = file.objects.filter((o) => o.kind === kind);
  return (
    sameKind.find((o) => o.name === renderedName) ??
    sameKind.filter((o) => nameMatches(o.name, renderedName)).sort((a, b) => b.name.length - a.name.length)[0] ??
    (sameKind.length === 1 ? sameKind[0] : undefined)
  );
}

export interface KustomizeDocContext {
  files: SourceFiles;
  kind: string;
  name: string;
  object: Record<string, unknown>;
  /** Rendered document root and base path, to tell which part of a path exists. */
  root: Frame | undefined;
  basePath: FieldPath;
  /** The file and object that define the resource, when found. */
  source?: { file: LoadedFile; object: KubeObject };
  /** A generated resource: the kustomization that generates it, and the generator entry. */
  generated?: Location;
  /** Patches of the rendered tree, the last applied first. */
  patches: PatchRef[];
  /** Where to report when nothing better is known: the overlay's kustomization file. */
  fallback: Location;
}

function at(file: LoadedFile, offset: number): Location {
  const { line, column } = file.lines.position(offset);
  return { file: file.path, line, column, endLine: line };
}

/** JSON pointer (`/spec/containers/0/image`) to path steps. */
function pointer(p: string): (string | number)[] {
  return p
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^(0|[1-9][0-9]*)$/.test(s) ? Number(s) : s));
}

function targetMatches(patch: PatchRef, kind: string, sourceName: string, renderedName: string): boolean {
  const t = patch.target;
  if (!t) return true;
  if (t.kind && t.kind !== kind) return false;
  if (t.name && !(t.name === sourceName || renderedName.includes(t.name))) return false;
  return true;
}

/** A location in a patch that sets `existing` (a path that exists in the rendered object). */
function inPatch(ctx: KustomizeDocContext, patch: PatchRef, existing: FieldPath): Location | undefined {
  const file = ctx.files.get(patch.file);
  if (!file) return undefined;
  const sourceName = ctx.source?.object.name ?? ctx.name;
  if (!targetMatches(patch, ctx.kind, sourceName, ctx.name)) return undefined;
  if (patch.json) {
    // JSON 6902: the last operation whose path is the field, or an ancestor whose value holds it.
    const doc = ctx.files.yaml(patch.file);
    if (!doc?.root || !Array.isArray(doc.value)) return undefined;
    for (let i = doc.value.length - 1; i >= 0; i--) {
      const op: unknown = doc.value[i];
      if (!isRecord(op) || typeof op.path !== 'string') continue;
      const steps = pointer(op.path);
      if (steps.length > existing.length || !steps.every((s, j) => String(s) === String(existing[j]))) continue;
      const rest = existing.slice(steps.length);
      if (rest.length === 0) return at(file, resolvePath(doc.root, [i, 'path']).offset);
      const r = resolvePath(doc.root, [i, 'value', ...rest]);
      if (r.depth === rest.length + 2) return at(file, r.offset);
    }
    return undefined;
  }
  for (const o of file.objects) {
    if (o.kind !== ctx.kind) continue;
    if (!patch.target?.name && !nameMatches(o.name, ctx.name) && o.name !== sourceName) continue;
    if (!o.root) continue;
    const p = translatePath(ctx.object, o.object, existing);
    if (p.length !== existing.length) continue;
    const r = resolvePath(o.root, [...o.basePath, ...p]);
    if (r.depth - o.basePath.length === p.length) return at(file, r.offset);
  }
  return undefined;
}

export function locateKustomize(ctx: KustomizeDocContext, p: FieldPath): Location {
  const depth = ctx.root ? resolvePath(ctx.root, [...ctx.basePath, ...p]).depth - ctx.basePath.length : 0;
  const existing = p.slice(0, Math.max(0, depth));
  // A patch that sets the offending field is where to change it. For an absent field, the
  // nearest existing ancestor is reported in the patch only when the resource's file lacks it.
  const full = existing.length === p.length;
  const inSource = ctx.source ? translatePath(ctx.object, ctx.source.object.object, existing).length === existing.length : false;
  if (existing.length > 0 && (full || !inSource)) {
    for (const patch of ctx.patches) {
      const loc = inPatch(ctx, patch, existing);
      if (loc) return loc;
    }
  }
  if (ctx.source) {
    const { file, object: o } = ctx.source;
    const translated = translatePath(ctx.object, o.object, p);
    const offset = o.root ? resolvePath(o.root, [...o.basePath, ...translated]).offset : o.start;
    return at(file, offset);
  }
  return ctx.generated ?? ctx.fallback;
}

/** Where the generator entry (a configMapGenerator or secretGenerator item) of a generated object is. */
export function generatorLocation(files: SourceFiles, k: Kustomization, kind: string, renderedName: string): Location | undefined {
  const doc = files.yaml(k.file);
  if (!doc?.root || !isRecord(doc.value)) return undefined;
  const field = kind === 'Secret' ? 'secretGenerator' : 'configMapGenerator';
  const list = doc.value[field];
  let best = -1;
  let bestLen = -1;
  if (Array.isArray(list)) {
    list.forEach((g: unknown, i) => {
      if (isRecord(g) && typeof g.name === 'string' && renderedName.includes(g.name) && g.name.length > bestLen) {
        best = i;
        bestLen = g.name.length;
      }
    });
  }
  const r = resolvePath(doc.root, best >= 0 ? [field, best] : [field]);
  const { line, column } = doc.lines.position(r.offset);
  return { file: files.rel(k.file), line, column, endLine: line };
}
