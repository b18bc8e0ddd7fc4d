// Kustomizations on disk and how they include each other: which files each one reads, which
// other kustomizations it builds on, and which of them are the roots to render.
//
// The rule (docs/rendering.md): every kustomization that no other kustomization in the scan
// includes (through resources, bases or components) is rendered; one that is included is
// reported only through the overlays that include it (once per overlay). A base no overlay
// includes is therefore rendered on its own. Every file a rendered kustomization reads
// (resources, patches, generator and transformer inputs, and the kustomization files of its
// bases) is checked only through the rendered output, never again as a plain manifest.
import fs from 'node:fs';
import path from 'node:path';
import { KUSTOMIZATION_FILES } from '../../discover/discover.js';
import type { FieldPath } from '../../model.js';
import { parseYaml } from '../yaml.js';
import { decodeText } from '../decode.js';
import { DEFAULT_LIMITS, parserOptions } from '../limits.js';
import { inside, readBounded, readText } from '../read.js';

export interface PatchRef {
  /** Absolute patch file. */
  file: string;
  /** The kustomization's `target` selector, when it has one. */
  target?: { kind?: string; name?: string };
  /** `patchesJson6902`, or a `patches` file holding a list of operations. */
  json: boolean;
}

export interface Kustomization {
  /** Absolute directory. */
  dir: string;
  /** Absolute kustomization file. */
  file: string;
  kind: string;
  /** Files it reads, absolute. */
  files: string[];
  /** Kustomization directories it builds on (resources, bases, components that are folders). */
  includes: string[];
  /** Entries that name a remote base or resource (URL, git), with their field path in the file. */
  remote: { ref: string; path: FieldPath }[];
  /** Patches, in the order kustomize applies them. */
  patches: PatchRef[];
  /** Uses `helmCharts` (needs --enable-helm, which the gate does not allow). */
  helmCharts: boolean;
  /** Why the file could not be read, if it could not. */
  error?: { message: string; offset: number };
}

const REMOTE = /^(?:[a-z][a-z0-9+.-]*:\/\/|git@|git::|ssh:|[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+\/)|\?ref=|\/\/.*\?/;

function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : typeof v === 'string' ? [v] : []);

/** The kustomization file of a directory, if it has one. */
export function kustomizationFile(dir: string): string | undefined {
  for (const name of KUSTOMIZATION_FILES) {
    const f = path.join(dir, name);
    try {
      if (fs.statSync(f).isFile()) return f;
    } catch {
      // not this name
    }
  }
  return undefined;
}

/** A generator's `files:` entry: `path` or `key=path`. */
function generatorFile(entry: string): string {
  const eq = entry.indexOf('=');
  return eq >= 0 ? entry.slice(eq + 1) : entry;
}

/** The path, links resolved as far as they exist, is inside `root` (always true without a root). */
function within(root: string | undefined, abs: string): boolean {
  if (!root) return true;
  let real = abs;
  try {
    real = fs.realpathSync(abs);
  } catch {
    // absent: judged by its path
  }
  let realRoot = root;
  try {
    realRoot = fs.realpathSync(root);
  } catch {
    // keep the path
  }
  return inside(realRoot, real);
}

/**
 * Reads a kustomization. With `root`, files and bases outside the repository are never read or
 * followed (kustomize's load restrictor then refuses the build, which is reported).
 */
export function readKustomization(dir: string, root?: string): Kustomization | undefined {
  const file = kustomizationFile(dir);
  if (!file) return undefined;
  const k: Kustomization = { dir, file, kind: 'Kustomization', files: [], includes: [], remote: [], patches: [], helmCharts: false };
  const read = readBounded(file, { ...(root ? { root } : {}), maxBytes: DEFAULT_LIMITS.fileSize });
  if (!read.ok) {
    k.error = { message: `${path.basename(file)} ${read.reason === 'too-large' ? 'is too large' : read.message}`, offset: 0 };
    return k;
  }
  const decoded = decodeText(read.bytes);
  if ('error' in decoded) {
    k.error = { message: decoded.error, offset: 0 };
    return k;
  }
  const text = decoded.text;
  const parsed = parseYaml(text, parserOptions(DEFAULT_LIMITS));
  const problem = parsed.problems.find((p) => p.kind === 'syntax');
  if (problem) k.error = { message: problem.message, offset: problem.offset };
  const doc = parsed.documents[0]?.value;
  if (!isRecord(doc)) return k;
  if (typeof doc.kind === 'string') k.kind = doc.kind;
  const local = (rel: string) => path.resolve(dir, rel);
  // Only what is inside the repository is read or followed.
  const addFile = (abs: string) => {
    if (within(root, abs)) k.files.push(abs);
  };
  const addRef = (field: string, ref: string, i: number, allowDir: boolean) => {
    const abs = local(ref);
    if (!within(root, abs)) return;
    let st: fs.Stats | undefined;
    try {
      st = fs.statSync(abs);
    } catch {
      st = undefined;
    }
    if (st?.isDirectory() && allowDir) k.includes.push(abs);
    else if (st?.isFile()) addFile(abs);
    else if (REMOTE.test(ref)) k.remote.push({ ref, path: [field, i] });
  };
  strings(doc.resources).forEach((r, i) => addRef('resources', r, i, true));
  strings(doc.bases).forEach((r, i) => addRef('bases', r, i, true));
  strings(doc.components).forEach((r, i) => addRef('components', r, i, true));
  for (const f of [...strings(doc.crds), ...strings(doc.configurations)]) addFile(local(f));
  for (const field of ['generators', 'transformers', 'validators']) {
    strings(doc[field]).forEach((r, i) => {
      if (!/\n/.test(r)) addRef(field, r, i, true); // inline configs hold a newline
    });
  }
  for (const field of ['configMapGenerator', 'secretGenerator']) {
    for (const g of Array.isArray(doc[field]) ? (doc[field] as unknown[]) : []) {
      if (!isRecord(g)) continue;
      for (const f of strings(g.files)) addFile(local(generatorFile(f)));
      for (const f of [...strings(g.envs), ...strings(g.env)]) addFile(local(f));
    }
  }
  for (const r of Array.isArray(doc.replacements) ? (doc.replacements as unknown[]) : []) {
    if (isRecord(r) && typeof r.path === 'string') addFile(local(r.path));
  }
  if (isRecord(doc.openapi) && typeof doc.openapi.path === 'string') addFile(local(doc.openapi.path));
  const target = (t: unknown) => (isRecord(t) ? { ...(typeof t.kind === 'string' ? { kind: t.kind } : {}), ...(typeof t.name === 'string' ? { name: t.name } : {}) } : undefined);
  const addPatch = (p: string, t: unknown, json: boolean) => {
    const abs = local(p);
    if (!within(root, abs)) return;
    k.files.push(abs);
    const tt = target(t);
    k.patches.push({ file: abs, ...(tt ? { target: tt } : {}), json });
  };
  for (const p of strings(doc.patchesStrategicMerge)) if (!/\n/.test(p)) addPatch(p, undefined, false);
  for (const p of Array.isArray(doc.patchesJson6902) ? (doc.patchesJson6902 as unknown[]) : []) {
    if (isRecord(p) && typeof p.path === 'string') addPatch(p.path, p.target, true);
  }
  for (const p of Array.isArray(doc.patches) ? (doc.patches as unknown[]) : []) {
    if (isRecord(p) && typeof p.path === 'string') addPatch(p.path, p.target, /\.json$/i.test(p.path) || isOperationList(local(p.path), root));
  }
  k.helmCharts = Array.isArray(doc.helmCharts) && doc.helmCharts.length > 0;
  return k;
}

/** A patch file that is a JSON 6902 operation list (`- op: replace`). */
function isOperationList(file: string, root: string | undefined): boolean {
  const text = readText(file, { ...(root ? { root } : {}), maxBytes: DEFAULT_LIMITS.fileSize });
  if (text === undefined) return false;
  try {
    const v = parseYaml(text, parserOptions(DEFAULT_LIMITS)).documents[0]?.value;
    return Array.isArray(v) && v.every((o) => isRecord(o) && typeof o.op === 'string');
  } catch {
    return false;
  }
}

/** Every kustomization reachable from some directories, keyed by real path. */
export class KustomizationGraph {
  private readonly nodes = new Map<string, Kustomization | null>();

  /** `root`: the repository; nothing outside it is read (see readKustomization). */
  constructor(private readonly root?: string) {}

  static real(p: string): string {
    try {
      return fs.realpathSync(p);
    } catch {
      return path.resolve(p);
    }
  }

  get(dir: string): Kustomization | undefined {
    const key = KustomizationGraph.real(dir);
    let k = this.nodes.get(key);
    if (k === undefined) {
      k = readKustomization(dir, this.root) ?? null;
      this.nodes.set(key, k);
    }
    return k ?? undefined;
  }

  /** The kustomization and all it builds on, depth first, each once (cycles are cut). */
  tree(dir: string): Kustomization[] {
    const out: Kustomization[] = [];
    const seen = new Set<string>();
    const visit = (d: string, depth: number) => {
      const key = KustomizationGraph.real(d);
      if (seen.has(key) || depth > 50) return;
      seen.add(key);
      const k = this.get(d);
      if (!k) return;
      out.push(k);
      for (const inc of k.includes) visit(inc, depth + 1);
    };
    visit(dir, 0);
    return out;
  }

  /** Real paths of every file a rendered kustomization reads, its own kustomization files included. */
  owned(dir: string): Set<string> {
    const out = new Set<string>();
    for (const k of this.tree(dir)) {
      out.add(KustomizationGraph.real(k.file));
      for (const f of k.files) out.add(KustomizationGraph.real(f));
    }
    return out;
  }

  /** Of these directories, those no other one includes (directly or through its bases). */
  roots(dirs: string[]): string[] {
    const included = new Set<string>();
    for (const d of dirs) {
      for (const k of this.tree(d).slice(1)) included.add(KustomizationGraph.real(k.dir));
    }
    return dirs.filter((d) => !included.has(KustomizationGraph.real(d)));
  }
}
