// Finds the .tf sources a plan was made from, module by module, so a finding on a plan
// resource points at the block (and attribute) a user edits:
//   - the root module: the `terraform.sources` directory of the configuration, else the plan's
//     own directory, else its parent directories up to the repository root; the first that
//     declares the plan's root-module resources or module calls wins;
//   - a module called with a local source (`./modules/eks`): that directory, relative to the
//     calling module's;
//   - a module from a registry or git: its sources are not the user's, so its resources point
//     at the `module "<name>" {` block that calls it (the place to change its inputs).
import fs from 'node:fs';
import path from 'node:path';
import { toRel } from '../../discover/discover.js';
import { LineIndex } from '../source-map.js';
import { DEFAULT_LIMITS } from '../limits.js';
import { readText, realInside } from '../read.js';
import { indexHcl, resolveInBlock, type HclBlock } from './hcl-index.js';
import type { ConfigIndex, ConfigModule } from './references.js';
import type { Location } from '../../model.js';

interface TfFile {
  rel: string;
  lines: LineIndex;
  text: string;
}

interface DirIndex {
  /** `resource.TYPE.NAME`, `data.TYPE.NAME`, `module.NAME` → block. */
  blocks: Map<string, { file: TfFile; block: HclBlock }>;
}

const dirCache = new Map<string, DirIndex | null>();

/** Indexes the .tf files of one directory (not recursive); null when it has none. */
function indexDir(abs: string, root: string): DirIndex | null {
  const cached = dirCache.get(abs);
  if (cached !== undefined) return cached;
  let names: string[];
  try {
    // Never a directory outside the repository, even through a symbolic link.
    names = realInside(abs, root) ? fs.readdirSync(abs).filter((n) => n.endsWith('.tf')).sort() : [];
  } catch {
    names = [];
  }
  if (names.length === 0) {
    dirCache.set(abs, null);
    return null;
  }
  const blocks = new Map<string, { file: TfFile; block: HclBlock }>();
  for (const name of names) {
    const file = path.join(abs, name);
    // Regular files inside the repository, bounded in size, in any supported encoding.
    const text = readText(file, { root, maxBytes: DEFAULT_LIMITS.fileSize });
    if (text === undefined) continue;
    const tf: TfFile = { rel: toRel(root, file), lines: new LineIndex(text), text };
    for (const block of indexHcl(text).blocks) {
      let key: string | undefined;
      if ((block.type === 'resource' || block.type === 'data') && block.labels.length >= 2) key = `${block.type}.${block.labels[0]}.${block.labels[1]}`;
      else if (block.type === 'module' && block.labels.length >= 1) key = `module.${block.labels[0]}`;
      if (key && !blocks.has(key)) blocks.set(key, { file: tf, block });
    }
  }
  const out = { blocks };
  dirCache.set(abs, out);
  return out;
}

/** Clears the per-process cache of indexed directories (tests edit files between scans). */
export function clearSourceCache(): void {
  dirCache.clear();
}

function insideRoot(root: string, abs: string): boolean {
  const rel = path.relative(root, abs);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

function isLocalSource(source: string): boolean {
  return source.startsWith('./') || source.startsWith('../') || source === '.' || source === '..';
}

/** Root-module declarations of a configuration: `resource.T.N`, `data.T.N`, `module.N`. */
function rootKeys(config: ConfigIndex): string[] {
  const keys: string[] = [];
  for (const r of config.resources.values()) {
    if (r.module.prefix !== '') continue;
    keys.push(r.address.startsWith('data.') ? r.address : `resource.${r.address}`);
  }
  const root = config.modules.get('');
  const calls = root && root.module.module_calls && typeof root.module.module_calls === 'object' ? Object.keys(root.module.module_calls) : [];
  for (const c of calls) keys.push(`module.${c}`);
  return keys;
}

export interface SourceLocator {
  /** The .tf location of a resource's field, or undefined when the sources are not known. */
  locate(configAddress: string, mode: 'managed' | 'data', valuePath: ReadonlyArray<string | number>): Location | undefined;
  /** The root module's directory, relative to the repository root. */
  rootDir: string | undefined;
}

export function sourceLocator(opts: { planAbs: string; root: string; sourcesDir?: string; config: ConfigIndex }): SourceLocator {
  const { root, config } = opts;
  const keys = rootKeys(config);
  const candidates: string[] = [];
  if (opts.sourcesDir) candidates.push(path.resolve(root, opts.sourcesDir));
  let dir = path.dirname(opts.planAbs);
  for (;;) {
    if (!insideRoot(root, dir)) break;
    candidates.push(dir);
    const parent = path.dirname(dir);
    if (parent === dir || !insideRoot(root, parent)) break;
    dir = parent;
  }
  let rootAbs: string | undefined;
  for (const c of candidates) {
    if (!insideRoot(root, c)) continue;
    const idx = indexDir(c, root);
    if (idx && keys.some((k) => idx.blocks.has(k))) {
      rootAbs = c;
      break;
    }
  }
  const moduleDirs = new Map<string, string | null>();
  const dirOf = (m: ConfigModule | undefined): string | null => {
    if (!m) return null;
    if (moduleDirs.has(m.prefix)) return moduleDirs.get(m.prefix) ?? null;
    let out: string | null = null;
    if (!m.call) out = rootAbs ?? null;
    else if (isLocalSource(m.call.source)) {
      const parent = dirOf(m.call.parent);
      if (parent) {
        const candidate = path.resolve(parent, m.call.source);
        if (insideRoot(root, candidate)) out = candidate;
      }
    }
    moduleDirs.set(m.prefix, out);
    return out;
  };

  const at = (file: TfFile, offset: number, endOffset: number): Location => {
    const s = file.lines.position(offset);
    const e = file.lines.position(Math.max(offset, endOffset - 1));
    return { file: file.rel, line: s.line, column: s.column, endLine: e.line };
  };

  /** The `module "<name>" {` block calling a module, in its parent's sources (recursively upward). */
  const callSite = (m: ConfigModule): Location | undefined => {
    const call = m.call;
    if (!call) return undefined;
    const parentDir = dirOf(call.parent);
    const idx = parentDir ? indexDir(parentDir, root) : null;
    const found = idx?.blocks.get(`module.${call.name}`);
    if (found) return at(found.file, found.block.start, found.block.start + 1);
    return callSite(call.parent);
  };

  return {
    rootDir: rootAbs ? toRel(root, rootAbs) : undefined,
    locate(address, mode, valuePath) {
      if (!rootAbs) return undefined;
      const resource = config.resources.get(address);
      // The module the resource is declared in: the longest module prefix of its address.
      let module: ConfigModule | undefined = resource?.module;
      if (!module) {
        const steps = address.split('.');
        for (let n = steps.length; n >= 0 && !module; n--) module = config.modules.get(steps.slice(0, n).join('.'));
      }
      if (!module) return undefined;
      const local = module.prefix ? address.slice(module.prefix.length + 1) : address;
      const key = mode === 'data' ? local : `resource.${local}`;
      const moduleDir = dirOf(module);
      const found = moduleDir ? indexDir(moduleDir, root)?.blocks.get(key) : undefined;
      if (!found) return callSite(module);
      const { span, depth } = resolveInBlock(found.block, valuePath);
      // The block itself: report its header line only.
      if (depth === 0) return at(found.file, found.block.start, found.block.start + 1);
      return at(found.file, span.start, span.end);
    },
  };
}
