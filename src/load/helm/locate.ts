// Where a finding in a rendered chart is reported: the template line that writes the offending
// key (or its nearest written ancestor), the values file line that supplies the value when it
// can be traced, else the start of the document in the template.
import fs from 'node:fs';
import path from 'node:path';
import type { FieldPath, Location } from '../../model.js';
import { parseYaml } from '../yaml.js';
import { LineIndex, resolvePath, type Frame } from '../source-map.js';
import type { ChartNode } from './chart.js';
import { documentLine, mapDefines, mapTemplate, type TemplateEntry, type TemplateSection } from './template-map.js';

/** How a location was found; reported by the corpus measurements. */
export type LocatedBy =
  | 'template-key' // the template line that writes the field (or the field's existing ancestor)
  | 'template-ancestor' // a template line that writes an ancestor; the field comes from a helper or value we could not trace
  | 'helper' // a line of a named template (`define`) the template includes
  | 'values' // the values file line that supplies the value
  | 'set' // a `set` of the release in the configuration
  | 'document-start' // the template's line where the document starts
  | 'chart'; // the chart's archive or Chart.yaml (no template file on disk)

export interface Located {
  location: Location;
  by: LocatedBy;
}

/** A parsed YAML file with positions, for values files and the configuration. */
export interface YamlFile {
  rel: string;
  lines: LineIndex;
  root: Frame | undefined;
}

/** Files read while locating, shared by the documents of one scan. */
export class FileCache {
  private readonly yaml = new Map<string, YamlFile | null>();
  private readonly templates = new Map<string, TemplateSection[] | null>();
  private readonly defineIndex = new Map<string, Map<string, { file: string; section: TemplateSection }>>();

  constructor(readonly root: string) {}

  rel(abs: string): string {
    return path.relative(this.root, abs).split(path.sep).join('/');
  }

  yamlFile(abs: string): YamlFile | undefined {
    let f = this.yaml.get(abs);
    if (f === undefined) {
      f = null;
      try {
        const text = fs.readFileSync(abs, 'utf8').replace(/^\uFEFF/, '');
        f = { rel: this.rel(abs), lines: new LineIndex(text), root: parseYaml(text).documents[0]?.root };
      } catch {
        // unreadable: no location from it
      }
      this.yaml.set(abs, f);
    }
    return f ?? undefined;
  }

  /** Named templates defined under a chart's templates/ folder, by name. */
  defines(chartDir: string): Map<string, { file: string; section: TemplateSection }> {
    let index = this.defineIndex.get(chartDir);
    if (index) return index;
    index = new Map();
    const stack = [path.join(chartDir, 'templates')];
    while (stack.length) {
      const dir = stack.pop() as string;
      let entries: fs.Dirent[];
      try {
        entries = fs.readdirSync(dir, { withFileTypes: true });
      } catch {
        continue;
      }
      for (const e of entries) {
        const abs = path.join(dir, e.name);
        if (e.isDirectory()) stack.push(abs);
        else if (e.isFile()) {
          let text: string;
          try {
            text = fs.readFileSync(abs, 'utf8');
          } catch {
            continue;
          }
          if (!text.includes('define')) continue;
          for (const d of mapDefines(text)) if (!index.has(d.name)) index.set(d.name, { file: abs, section: d.section });
        }
      }
    }
    this.defineIndex.set(chartDir, index);
    return index;
  }

  template(abs: string): TemplateSection[] | undefined {
    let t = this.templates.get(abs);
    if (t === undefined) {
      t = null;
      try {
        t = mapTemplate(fs.readFileSync(abs, 'utf8').replace(/^\uFEFF/, ''));
      } catch {
        // unreadable: no location from it
      }
      this.templates.set(abs, t);
    }
    return t ?? undefined;
  }
}

/** A `--set` of the release, with where the configuration states it. */
export interface SetValue {
  path: string[];
  location: Location;
}

/** What locating needs to know about one rendered document. */
export interface HelmDocContext {
  cache: FileCache;
  /** The chart (or subchart) whose template produced the document. */
  node: ChartNode;
  /** Absolute template file, when it exists on disk. */
  template?: string;
  /** Where to report when there is no template file (an archived subchart): its archive or Chart.yaml. */
  fallback: Location;
  kind: string;
  /** Index of the document among those of its template with the same kind. */
  ordinal: number;
  object: Record<string, unknown>;
  root: Frame | undefined;
  basePath: FieldPath;
  /** The release's values files (absolute), in the order given to helm. */
  valuesFiles: string[];
  sets: SetValue[];
}

type Step = string | number;

function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Values files that may define a chart's `.Values.<p>`, most authoritative first, with p's path in each. */
function valuesCandidates(ctx: HelmDocContext, ref: Step[]): { file: string; path: Step[] }[] {
  const chain: ChartNode[] = [];
  for (let n: ChartNode | undefined = ctx.node; n; n = n.parent) chain.unshift(n);
  const global = ref[0] === 'global';
  // Path of the node's values inside chain[i]'s values.
  const prefixFrom = (i: number): string[] => (global ? [] : chain.slice(i + 1).map((n) => n.parentKey ?? n.name));
  const out: { file: string; path: Step[] }[] = [];
  for (const f of [...ctx.valuesFiles].reverse()) out.push({ file: f, path: [...prefixFrom(0), ...ref] });
  chain.forEach((n, i) => {
    if (n.valuesFile) out.push({ file: n.valuesFile, path: [...prefixFrom(i), ...ref] });
  });
  return out;
}

function traceValues(ctx: HelmDocContext, ref: Step[]): Located | undefined {
  const chain: ChartNode[] = [];
  for (let n: ChartNode | undefined = ctx.node; n; n = n.parent) chain.unshift(n);
  const top: Step[] = ref[0] === 'global' ? ref : [...chain.slice(1).map((n) => n.parentKey ?? n.name), ...ref];
  // A --set of the release overrides every file.
  const set = [...ctx.sets].reverse().find((s) => s.path.length <= top.length && s.path.every((k, i) => top[i] === k));
  if (set) return { location: set.location, by: 'set' };
  for (const c of valuesCandidates(ctx, ref)) {
    const f = ctx.cache.yamlFile(c.file);
    if (!f?.root) continue;
    const r = resolvePath(f.root, c.path);
    if (r.depth !== c.path.length) continue;
    const { line, column } = f.lines.position(r.offset);
    return { location: { file: f.rel, line, column, endLine: line }, by: 'values' };
  }
  return undefined;
}

/** Values along a path in the rendered object: values[i] is the value after i steps. */
function walk(object: unknown, p: FieldPath): unknown[] {
  const out: unknown[] = [object];
  let v: unknown = object;
  for (const step of p) {
    if (typeof step === 'number') v = Array.isArray(v) ? v[step] : undefined;
    else v = isRecord(v) ? v[step] : undefined;
    out.push(v);
  }
  return out;
}


interface Match {
  entry: TemplateEntry;
  score: number;
}

/** The template entry that writes the longest prefix of `p` (a path that exists in the object). */
function bestEntry(section: TemplateSection, p: FieldPath, values: unknown[]): { entry: TemplateEntry; depth: number } | undefined {
  // Template item names, to tell list items apart: `- name: x` literals.
  const names = new Map<string, string>();
  for (const e of section.entries) {
    if (e.path[e.path.length - 1] === 'name' && e.value !== undefined) names.set(e.path.slice(0, -1).map(String).join('\u0000'), e.value);
  }
  for (let k = p.length; k >= 1; k--) {
    let best: Match | undefined;
    for (const e of section.entries) {
      if (e.path.length !== k) continue;
      let score = 0;
      let ok = true;
      for (let i = 0; i < k && ok; i++) {
        const t = e.path[i] as string | number;
        const r = p[i] as string | number;
        if (typeof r === 'number') {
          if (typeof t !== 'number') ok = false;
          else {
            const item = values[i + 1];
            const name = isRecord(item) && typeof item.name === 'string' ? item.name : undefined;
            const tname = names.get(e.path.slice(0, i + 1).map(String).join('\u0000'));
            if (name !== undefined && tname !== undefined) {
              if (name === tname) score += 10;
              else ok = false;
            } else if (t === r) score += 1;
          }
        } else if (t !== r && t !== '*') ok = false;
      }
      if (ok && (!best || score > best.score)) best = { entry: e, score };
    }
    if (best) return { entry: best.entry, depth: k };
  }
  return undefined;
}

function chooseSection(sections: TemplateSection[], ctx: HelmDocContext, p: FieldPath, values: unknown[]): TemplateSection | undefined {
  if (sections.length <= 1) return sections[0];
  let candidates = sections.filter((s) => s.kinds.includes(ctx.kind));
  if (candidates.length === 0) candidates = sections.filter((s) => s.kinds.length === 0);
  if (candidates.length === 0) candidates = sections;
  if (candidates.length === 1) return candidates[0];
  // Several: the one that writes most of the path, then the document's rank among its kind.
  let best: TemplateSection | undefined;
  let bestDepth = -1;
  candidates.forEach((s, i) => {
    const depth = bestEntry(s, p, values)?.depth ?? 0;
    const bonus = i === ctx.ordinal ? 0.5 : 0;
    if (depth + bonus > bestDepth) {
      best = s;
      bestDepth = depth + bonus;
    }
  });
  return best;
}

/** Finds a named template: in the document's chart first, then anywhere in its chart tree. */
function findDefine(ctx: HelmDocContext, name: string): { file: string; section: TemplateSection } | undefined {
  const nodes: ChartNode[] = [];
  for (let n: ChartNode | undefined = ctx.node; n; n = n.parent) nodes.push(n);
  for (const n of nodes) {
    if (!n.dir) continue;
    const d = ctx.cache.defines(n.dir).get(name);
    if (d) return d;
  }
  return undefined;
}

/**
 * Locates `rest` (a path below `entry`) inside what the entry emits: a values path it prints
 * whole, or a named template it includes (followed a few levels deep).
 */
function inside(ctx: HelmDocContext, entry: TemplateEntry, rest: FieldPath, values: unknown[], depth: number): Located | undefined {
  if (entry.refs.length > 0 && (rest.length > 0 || !entry.literalChildren)) {
    // An item index is only meaningful in values when the template writes no items of its own.
    const indexShift = typeof rest[0] === 'number' && entry.literalChildren;
    if (!indexShift) {
      for (const ref of entry.refs) {
        const traced = traceValues(ctx, [...ref, ...rest]);
        if (traced) return traced;
      }
    }
  }
  if (rest.length === 0 || depth > 4) return undefined;
  for (const name of entry.includes) {
    const def = findDefine(ctx, name);
    if (!def) continue;
    const file = ctx.cache.rel(def.file);
    const found = bestEntry(def.section, rest, values);
    if (found) {
      const deeper = inside(ctx, found.entry, rest.slice(found.depth), values.slice(found.depth), depth + 1);
      if (deeper) return deeper;
      return { location: { file, line: found.entry.line, column: found.entry.column, endLine: found.entry.line }, by: 'helper' };
    }
    const deeper = inside(ctx, def.section.root, rest, values, depth + 1);
    if (deeper) return deeper;
  }
  return undefined;
}

export function locateHelm(ctx: HelmDocContext, p: FieldPath): Located {
  if (!ctx.template) return { location: ctx.fallback, by: 'chart' };
  const sections = ctx.cache.template(ctx.template);
  const file = ctx.cache.rel(ctx.template);
  const at = (line: number, column = 1): Location => ({ file, line, column, endLine: line });
  if (!sections || sections.length === 0) return { location: at(1), by: 'document-start' };
  // The part of the path that exists in the rendered object.
  const depth = ctx.root ? resolvePath(ctx.root, [...ctx.basePath, ...p]).depth - ctx.basePath.length : 0;
  const existing = p.slice(0, Math.max(0, depth));
  const values = walk(ctx.object, existing);
  const section = chooseSection(sections, ctx, existing, values) as TemplateSection;
  const found = bestEntry(section, existing, values);
  const entry = found?.entry ?? section.root;
  const k = found?.depth ?? 0;
  const rest = existing.slice(k);
  const deeper = inside(ctx, entry, rest, values.slice(k), 0);
  if (deeper) return deeper;
  if (!found) return { location: at(documentLine(section, ctx.kind)), by: 'document-start' };
  return { location: at(entry.line, entry.column), by: rest.length === 0 ? 'template-key' : 'template-ancestor' };
}
