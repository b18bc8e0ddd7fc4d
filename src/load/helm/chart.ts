// A chart on disk: its Chart.yaml, and the tree of the chart and its vendored subcharts as
// `helm template` names them in `# Source:` comments (`<chart>/charts/<sub>/templates/x.yaml`).
import fs from 'node:fs';
import path from 'node:path';
import { parseYaml } from '../yaml.js';
import { DEFAULT_LIMITS, parserOptions } from '../limits.js';
import { readText } from '../read.js';

export interface Dependency {
  name: string;
  alias?: string;
  repository?: string;
}

export interface ChartInfo {
  /** Absolute chart directory. */
  dir: string;
  name: string;
  /** `application` (default) or `library` (not installable; rendered through its parents). */
  type: string;
  dependencies: Dependency[];
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function readYamlValue(file: string): unknown {
  // Bounded: a Chart.yaml that links to /dev/zero or a FIFO must not hang the scan (links that
  // leave the repository are refused before rendering, in helm/index.ts).
  const text = readText(file, { maxBytes: DEFAULT_LIMITS.fileSize });
  if (text === undefined) return undefined;
  try {
    return parseYaml(text, parserOptions(DEFAULT_LIMITS)).documents[0]?.value;
  } catch {
    return undefined;
  }
}

/** Reads a chart directory's Chart.yaml (and a Helm 2 requirements.yaml); undefined if unreadable. */
export function readChart(dir: string): ChartInfo | undefined {
  const meta = readYamlValue(path.join(dir, 'Chart.yaml'));
  if (!isRecord(meta)) return undefined;
  const deps: Dependency[] = [];
  const req = readYamlValue(path.join(dir, 'requirements.yaml'));
  const lists = [meta.dependencies, isRecord(req) ? req.dependencies : undefined];
  for (const list of lists) {
    if (!Array.isArray(list)) continue;
    for (const d of list) {
      if (!isRecord(d) || typeof d.name !== 'string') continue;
      deps.push({
        name: d.name,
        ...(typeof d.alias === 'string' && d.alias ? { alias: d.alias } : {}),
        ...(typeof d.repository === 'string' ? { repository: d.repository } : {}),
      });
    }
  }
  return {
    dir,
    name: typeof meta.name === 'string' && meta.name ? meta.name : path.basename(dir),
    type: typeof meta.type === 'string' ? meta.type : 'application',
    dependencies: deps,
  };
}

/** One chart of a rendered tree: the top chart or a subchart, as `helm template` sees it. */
export interface ChartNode {
  /** Name in `# Source:` paths (a dependency's alias when it has one). */
  name: string;
  /** Absolute directory, when the chart is unpacked on disk. */
  dir?: string;
  /** Absolute path of the archive (`charts/<name>-<version>.tgz`) when it is not unpacked. */
  archive?: string;
  /** The chart's own values.yaml (absolute), when it exists on disk. */
  valuesFile?: string;
  /** Key of this chart's values inside its parent's values (its name or alias). */
  parentKey?: string;
  parent?: ChartNode;
}

/** Every chart of a tree, keyed by its `# Source:` prefix (`top`, `top/charts/sub`, ...). */
export type ChartTree = Map<string, ChartNode>;

function valuesOf(dir: string): string | undefined {
  const f = path.join(dir, 'values.yaml');
  return fs.existsSync(f) ? f : undefined;
}

export function chartTree(top: ChartInfo): ChartTree {
  const tree: ChartTree = new Map();
  const add = (prefix: string, node: ChartNode, info: ChartInfo | undefined, depth: number) => {
    tree.set(prefix, node);
    if (!info || depth > 10) return;
    const chartsDir = path.join(info.dir, 'charts');
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(chartsDir, { withFileTypes: true });
    } catch {
      return;
    }
    // Unpacked subcharts by their Chart.yaml name; archives by file name.
    const unpacked = new Map<string, ChartInfo>();
    const archives: string[] = [];
    for (const e of entries) {
      const abs = path.join(chartsDir, e.name);
      if (e.isDirectory()) {
        const sub = readChart(abs);
        if (sub) unpacked.set(sub.name, sub);
      } else if (/\.tgz$/.test(e.name)) archives.push(abs);
    }
    const used = new Set<string>();
    for (const dep of info.dependencies) {
      const key = dep.alias ?? dep.name;
      const sub = unpacked.get(dep.name);
      used.add(dep.name);
      if (sub) {
        add(`${prefix}/charts/${key}`, { name: key, dir: sub.dir, ...(valuesOf(sub.dir) ? { valuesFile: valuesOf(sub.dir) as string } : {}), parentKey: key, parent: node }, sub, depth + 1);
      } else {
        const archive = archives.find((a) => path.basename(a).startsWith(`${dep.name}-`));
        add(`${prefix}/charts/${key}`, { name: key, ...(archive ? { archive } : {}), parentKey: key, parent: node }, undefined, depth + 1);
      }
    }
    // Charts under charts/ that no dependency lists are dependencies too (Helm 2 style).
    for (const [name, sub] of unpacked) {
      if (used.has(name)) continue;
      add(`${prefix}/charts/${name}`, { name, dir: sub.dir, ...(valuesOf(sub.dir) ? { valuesFile: valuesOf(sub.dir) as string } : {}), parentKey: name, parent: node }, sub, depth + 1);
    }
  };
  add(top.name, { name: top.name, dir: top.dir, ...(valuesOf(top.dir) ? { valuesFile: valuesOf(top.dir) as string } : {}) }, top, 0);
  return tree;
}

/** Splits a `# Source:` path into the chart it belongs to and the path inside that chart. */
export function resolveSource(tree: ChartTree, source: string): { node: ChartNode; inner: string } | undefined {
  // The longest prefix wins: `top/charts/sub/templates/x.yaml` belongs to the subchart.
  let best: { node: ChartNode; inner: string } | undefined;
  let bestLen = -1;
  for (const [prefix, node] of tree) {
    if (source.startsWith(`${prefix}/`) && prefix.length > bestLen) {
      best = { node, inner: source.slice(prefix.length + 1) };
      bestLen = prefix.length;
    }
  }
  return best;
}
