// Targets: the independent pieces of a repository a workflow matrix can fan out over, one job
// each (`eks-policy-gate targets`): Helm charts, root Kustomize overlays, Terraform plans, and
// the top-level directories of plain manifests. Each job scans its target alone and uploads
// SARIF under its own category.
import fs from 'node:fs';
import path from 'node:path';
import { discover, toRel, type DiscoverOptions } from './discover.js';
import { KustomizationGraph } from '../load/kustomize/graph.js';

export type TargetKind = 'helm-chart' | 'kustomize' | 'terraform-plan' | 'manifests';

export interface Target {
  /** Path to pass to `scan` (the action's `paths`), relative to the repository root. */
  path: string;
  kind: TargetKind;
  /** A code-scanning category unique to the target. */
  category: string;
}

function category(rel: string): string {
  const slug = rel === '.' ? '' : rel.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[-.]+|-+$/g, '');
  return `eks-policy-gate/${slug || 'root'}`;
}

/** A cheap look at a file's head: does it look like it holds a Kubernetes object? */
function looksLikeManifest(abs: string): boolean {
  let fd: number | undefined;
  try {
    fd = fs.openSync(abs, 'r');
    const buf = Buffer.alloc(64 * 1024);
    const head = buf.subarray(0, fs.readSync(fd, buf, 0, buf.length, 0)).toString('utf8');
    return /(^|\n)\s*"?apiVersion"?\s*:/.test(head) && /(^|\n)\s*"?kind"?\s*:/.test(head);
  } catch {
    return false;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/** The first directory of `rel` below `base` (both repository-relative), or `base` itself. */
function topDirectory(base: string, rel: string): string {
  const inner = base === '.' ? rel : rel.slice(base.length + 1);
  const first = inner.split('/')[0] ?? '';
  const dir = inner.includes('/') ? first : '';
  return dir ? (base === '.' ? dir : `${base}/${dir}`) : base;
}

export function listTargets(paths: string[], opts: DiscoverOptions): Target[] {
  const root = fs.realpathSync(opts.root);
  const found = discover(paths, opts);
  const targets = new Map<string, Target>();
  const add = (rel: string, kind: TargetKind) => {
    if (!targets.has(`${kind}:${rel}`)) targets.set(`${kind}:${rel}`, { path: rel, kind, category: category(rel) });
  };
  for (const c of found.charts) add(c.rel, 'helm-chart');
  for (const p of [...found.plans, ...found.binaryPlans]) add(p.rel, 'terraform-plan');

  // Kustomize: the roots (overlays no other kustomization includes); every file their trees
  // read belongs to them, not to a manifest directory.
  const graph = new KustomizationGraph(root);
  const dirs = found.kustomizations.map((k) => k.abs).filter((d) => graph.get(d)?.kind !== 'Component');
  const owned = new Set<string>();
  for (const dir of graph.roots(dirs)) {
    add(toRel(root, dir), 'kustomize');
    for (const f of graph.owned(dir)) owned.add(KustomizationGraph.real(f));
  }

  // Plain manifests, grouped by their top-level directory under each scanned path.
  const bases = paths.map((p) => toRel(root, fs.realpathSync(path.resolve(p))));
  for (const m of found.manifests) {
    if (owned.has(KustomizationGraph.real(m.abs)) || !looksLikeManifest(m.abs)) continue;
    const base = bases.find((b) => b === '.' || m.rel === b || m.rel.startsWith(`${b}/`)) ?? '.';
    add(m.rel === base ? m.rel : topDirectory(base, m.rel), 'manifests');
  }
  return [...targets.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : a.kind < b.kind ? -1 : 1));
}
