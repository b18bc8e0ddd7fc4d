// The Helm source: charts found in the repository (or listed under `helm:` in the
// configuration) are rendered with `helm template`, offline, and every rendered object is
// located back in the template (or values file) that produced it.
//
// Which charts render:
//   - every chart directory discovery found (a Chart.yaml; subcharts under a chart's charts/
//     render through their parent, never alone), with its default values, release name = chart
//     name, namespace = `namespaces.default`;
//   - every `helm:` entry of the configuration whose chart is inside the scanned paths, with its
//     release, namespace, values files and `set`s. A chart with at least one entry renders only
//     as its entries say.
// Library charts (`type: library`) are not installable and render only through their parents.
import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../../config/config.js';
import type { InputFile } from '../../discover/discover.js';
import type { FieldPath, Location, RawFinding } from '../../model.js';
import type { SourceOutput } from '../manifests.js';
import { resolvePath } from '../source-map.js';
import { chartTree, readChart, resolveSource, type ChartInfo } from './chart.js';
import { FileCache, locateHelm, type HelmDocContext, type Located, type SetValue } from './locate.js';
import { DEFAULT_KUBE_VERSION, errorPosition, helmArgs, missingDependency, parseRendered, releaseName, type HelmRelease } from './render.js';
import { findTool, Sandbox, stderrSummary } from './tools.js';
import { RunPool, type PendingRun } from '../../run-pool.js';
import { formatBytes, InputBudget, parserLimitMessage } from '../limits.js';

export const RENDER_FAILED = 'EKS-INPUT-010';
export const RENDERER_MISSING = 'EKS-INPUT-011';

export interface RenderTiming {
  /** Chart or overlay directory, relative to the root. */
  target: string;
  release?: string;
  ms: number;
  objects: number;
  ok: boolean;
}

export interface RenderedSource extends SourceOutput {
  renders: RenderTiming[];
}

export interface HelmOptions {
  root: string;
  config: Config;
  /** Absolute scanned paths: configured charts render when they are inside one. */
  scanned: string[];
  /** The scan's shared byte budget (limits.total-size). */
  budget?: InputBudget;
}

type HelmEntry = NonNullable<Config['raw']['helm']>[number];

interface Job {
  chart: ChartInfo;
  release: HelmRelease;
  /** Where problems with this release are reported: its configuration entry, else Chart.yaml. */
  origin: Location;
  configured: boolean;
  sets: SetValue[];
}

const contexts = new WeakMap<object, HelmDocContext>();

/** How the location of a finding on a rendered object was found (for measurements and tests). */
export function explainHelmLocation(object: object, p: FieldPath): Located | undefined {
  const ctx = contexts.get(object);
  return ctx ? locateHelm(ctx, p) : undefined;
}

function inside(parent: string, child: string): boolean {
  const rel = path.relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

function real(p: string): string {
  try {
    return fs.realpathSync(p);
  } catch {
    return path.resolve(p);
  }
}

/** A symbolic link inside a directory that resolves outside the repository, if any. */
export function escapingLink(dir: string, root: string): string | undefined {
  const realRoot = real(root);
  const stack = [dir];
  const seen = new Set<string>();
  while (stack.length) {
    const d = stack.pop() as string;
    const r = real(d);
    if (seen.has(r)) continue;
    seen.add(r);
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(d, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const e of entries) {
      const abs = path.join(d, e.name);
      if (e.isSymbolicLink()) {
        let target: string;
        try {
          target = fs.realpathSync(abs);
        } catch {
          continue;
        }
        if (!inside(realRoot, target)) return abs;
        if (fs.statSync(target).isDirectory()) stack.push(abs);
      } else if (e.isDirectory()) stack.push(abs);
    }
  }
  return undefined;
}

/** Where a key of the configuration file is, for findings about a `helm:` or `kustomize:` entry. */
export function configLocation(cache: FileCache, config: Config, keyPath: FieldPath): Location {
  const file = config.file ? cache.yamlFile(config.file) : undefined;
  if (!file?.root) {
    const name = config.file ? cache.rel(config.file) : '.eks-policy-gate.yaml';
    return { file: name, line: 1, column: 1, endLine: 1 };
  }
  const { line, column } = file.lines.position(resolvePath(file.root, keyPath).offset);
  return { file: file.rel, line, column, endLine: line };
}

/** The `dependencies:` entry of Chart.yaml that names a (comma-separated list of) missing dependency. */
function dependencyLocation(cache: FileCache, chart: ChartInfo, names: string): Location | undefined {
  const file = cache.yamlFile(path.join(chart.dir, 'Chart.yaml'));
  const first = names.split(',')[0]?.trim();
  const i = chart.dependencies.findIndex((d) => d.name === first);
  if (!file?.root || i < 0) return undefined;
  const r = resolvePath(file.root, ['dependencies', i]);
  if (r.depth !== 2) return undefined;
  const { line, column } = file.lines.position(r.offset);
  return { file: file.rel, line, column, endLine: line };
}

function fileStart(file: string): Location {
  return { file, line: 1, column: 1, endLine: 1 };
}

function finding(rule: string, at: Location, message: string, extra: Partial<RawFinding> = {}): RawFinding {
  return { rule, file: at.file, line: at.line, column: at.column, message, ...extra };
}

/** Splits a `--set` key (`a.b.c`, `a\.b` escapes a dot) into a values path. */
function setPath(key: string): string[] {
  return key.split(/(?<!\\)\./).map((k) => k.replace(/\\\./g, '.'));
}

function jobsFor(charts: InputFile[], opts: HelmOptions, cache: FileCache, findings: RawFinding[]): Job[] {
  const { root, config } = opts;
  const jobs: Job[] = [];
  const configuredDirs = new Set<string>();
  const kubeDefault = config.raw.cluster?.version ?? DEFAULT_KUBE_VERSION;
  const scanned = opts.scanned.map(real);
  (config.raw.helm ?? []).forEach((entry: HelmEntry, i) => {
    const dir = path.resolve(root, entry.chart);
    if (!scanned.some((s) => inside(s, real(dir)))) return;
    const origin = configLocation(cache, config, ['helm', i, 'chart']);
    const chart = fs.existsSync(path.join(dir, 'Chart.yaml')) ? readChart(dir) : undefined;
    if (!chart) {
      findings.push(finding(RENDER_FAILED, origin, `helm[${i}].chart: ${entry.chart} is not a readable chart directory (no valid Chart.yaml there), so nothing was rendered or checked for it. Fix the path (relative to the repository root) in the configuration.`));
      return;
    }
    configuredDirs.add(real(dir));
    const valuesFiles: string[] = [];
    let bad = false;
    (entry.values ?? []).forEach((v, j) => {
      const abs = path.resolve(root, v);
      if (!fs.existsSync(abs) || !fs.statSync(abs).isFile() || !inside(real(root), real(abs))) {
        bad = true;
        findings.push(finding(RENDER_FAILED, configLocation(cache, config, ['helm', i, 'values', j]), `helm[${i}].values: ${v} is not a file inside the repository, so chart ${entry.chart} was not rendered or checked. Fix the path (relative to the repository root).`));
      } else valuesFiles.push(abs);
    });
    if (bad) return;
    const set = entry.set ?? {};
    const sets: SetValue[] = Object.keys(set).map((k) => ({ path: setPath(k), location: configLocation(cache, config, ['helm', i, 'set', k]) }));
    jobs.push({
      chart,
      origin,
      configured: true,
      sets,
      release: {
        chartDir: dir,
        release: entry.release ?? releaseName(chart.name),
        namespace: entry.namespace ?? config.namespaces.default,
        valuesFiles,
        set,
        kubeVersion: entry['kube-version'] ?? kubeDefault,
        apiVersions: entry['api-versions'] ?? [],
      },
    });
  });
  for (const c of charts) {
    if (configuredDirs.has(real(c.abs))) continue;
    const chartYaml = path.join(c.abs, 'Chart.yaml');
    const origin = fileStart(cache.rel(chartYaml));
    const chart = readChart(c.abs);
    if (!chart) {
      findings.push(finding(RENDER_FAILED, origin, `${cache.rel(chartYaml)} cannot be read as a chart's Chart.yaml, so the chart was not rendered or checked. Fix it (it needs at least apiVersion, name and version).`));
      continue;
    }
    jobs.push({
      chart,
      origin,
      configured: false,
      sets: [],
      release: {
        chartDir: c.abs,
        release: releaseName(chart.name),
        namespace: config.namespaces.default,
        valuesFiles: [],
        set: {},
        kubeVersion: kubeDefault,
        apiVersions: [],
      },
    });
  }
  return jobs;
}

/** Charts whose renders were started (startCharts): finish() waits for them and loads what they gave. */
export interface StartedCharts {
  finish(): RenderedSource;
}

/** How a job's chart is rendered: not at all (a library chart, a link out of the repository, no helm), or by `run`. */
interface Plan {
  /** A symbolic link on the chart's path that leaves the repository. */
  link?: string;
  run?: PendingRun;
}

/** Renders and loads the charts (startCharts, then finish). */
export function loadCharts(charts: InputFile[], opts: HelmOptions): RenderedSource {
  return startCharts(charts, opts).finish();
}

/**
 * Starts rendering the charts, side by side (pool.ts), so that the scan parses its plain
 * manifests meanwhile; finish() then loads each chart's output in the charts' order, as one
 * render after the other would have.
 */
export function startCharts(charts: InputFile[], opts: HelmOptions): StartedCharts {
  const out: RenderedSource = { files: [], documents: [], findings: [], renders: [] };
  const cache = new FileCache(opts.root);
  const jobs = jobsFor(charts, opts, cache, out.findings);
  if (jobs.length === 0) return { finish: () => out };
  const { limits } = opts.config;
  const timeout = limits.subprocessSeconds;
  let sandbox: Sandbox | undefined;
  let pool: RunPool | undefined;
  const release = () => {
    pool?.close();
    sandbox?.dispose();
  };
  let plans: Plan[];
  try {
    plans = jobs.map((job): Plan => {
      if (job.chart.type === 'library') return {};
      const link = escapingLink(job.chart.dir, opts.root);
      if (link) return { link };
      const bin = findTool('helm');
      if (!bin) return {};
      sandbox ??= new Sandbox();
      pool ??= new RunPool();
      return { run: sandbox.start(pool, bin, helmArgs(job.release), { cwd: opts.root, timeoutSeconds: timeout, maxBytes: limits.fileSize }) };
    });
  } catch (thrown) {
    release();
    throw thrown;
  }
  return {
    finish: () => {
      try {
        return loadRendered(jobs, plans, out, cache, opts);
      } finally {
        release();
      }
    },
  };
}

/** Each job's render, loaded in the jobs' order. */
function loadRendered(jobs: Job[], plans: Plan[], out: RenderedSource, cache: FileCache, opts: HelmOptions): RenderedSource {
  const { limits } = opts.config;
  const timeout = limits.subprocessSeconds;
  const budget = opts.budget ?? new InputBudget(limits);
  for (const [i, job] of jobs.entries()) {
    const { chart, release } = job;
    const chartRel = cache.rel(chart.dir) || '.';
    if (chart.type === 'library') {
      if (job.configured) out.findings.push(finding(RENDER_FAILED, job.origin, `${chartRel} is a library chart: Helm cannot render it alone. Remove its \`helm:\` entry; it is checked through the charts that depend on it.`, { severity: 'info', mode: 'audit' }));
      continue;
    }
    const { link, run: pending } = plans[i] as Plan;
    if (link) {
      out.findings.push(finding(RENDER_FAILED, job.origin, `Chart ${chartRel} was not rendered: ${cache.rel(link)} is a symbolic link that leaves the repository, and the gate never reads outside it. Replace the link with the file it points to.`));
      continue;
    }
    if (!pending) {
      out.findings.push(finding(RENDERER_MISSING, job.origin, `helm is not installed (not found on PATH), so chart ${chartRel} was not rendered and nothing in it was checked. Install Helm 3 before the gate runs (GitHub-hosted runners have it; elsewhere use azure/setup-helm), or exclude the chart under \`paths.exclude\`.`));
      continue;
    }
    const run = pending.result();
    const timing: RenderTiming = { target: chartRel, release: release.release, ms: run.ms, objects: 0, ok: false };
    out.renders.push(timing);
    const tree = chartTree(chart);
    const sourceLocation = (source: string, line: number, column: number): Location | undefined => {
      const r = resolveSource(tree, source);
      const abs = r?.node.dir ? path.join(r.node.dir, r.inner) : undefined;
      return abs && fs.existsSync(abs) ? { file: cache.rel(abs), line, column, endLine: line } : undefined;
    };
    if (run.overflow) {
      out.findings.push(finding('EKS-INPUT-005', job.origin, `helm template ${chartRel} (release ${release.release}) printed more than ${formatBytes(limits.fileSize)} (limits.file-size), so it was stopped and nothing in the chart was checked. Look for a template that loops without bound, or raise \`limits.file-size\` in the configuration.`));
      continue;
    }
    if (run.status === 0 && !budget.take(Buffer.byteLength(run.stdout), chartRel)) {
      out.findings.push({ ...budget.refusal(chartRel), file: job.origin.file, line: job.origin.line, column: job.origin.column });
      continue;
    }
    if (run.timedOut || run.error || run.status !== 0) {
      let message: string;
      let at = job.origin;
      if (run.timedOut) {
        message = `helm template ${chartRel} did not finish within ${timeout} s, so the chart was not checked. Find the slow template (helm template --debug), or raise \`limits.subprocess-seconds\` in the configuration.`;
      } else if (run.error) {
        message = `helm could not be started (${run.error}), so chart ${chartRel} was not checked. Check the helm installation on PATH.`;
      } else {
        const dep = missingDependency(run.stderr);
        const pos = errorPosition(run.stderr);
        const loc = pos ? sourceLocation(pos.source, pos.line, pos.column) : undefined;
        if (loc) at = loc;
        if (dep) at = dependencyLocation(cache, chart, dep) ?? at;
        message = dep
          ? `Chart ${chartRel} was not rendered: its dependency ${dep} is not vendored under ${chartRel}/charts/. The gate renders offline and never downloads charts: run \`helm dependency build ${chartRel}\` and commit the charts/ folder.`
          : `helm template failed for chart ${chartRel} (release ${release.release}), so nothing in it was checked: ${stderrSummary(run.stderr)}. Fix the chart, or give the values it needs under \`helm:\` in the configuration.`;
      }
      out.findings.push(finding(RENDER_FAILED, at, message));
      continue;
    }
    const rendered = parseRendered(run.stdout, release.namespace, limits);
    timing.ok = true;
    timing.objects = rendered.objects.length;
    for (const p of rendered.problems) {
      const at = sourceLocation(p.source, 1, 1) ?? job.origin;
      const limit = p.kind === 'limit' ? parserLimitMessage(p.message, limits) : undefined;
      if (limit) out.findings.push(finding('EKS-INPUT-005', at, `In the output of ${p.source || chartRel}: ${limit}`));
      else out.findings.push(finding('EKS-INPUT-001', at, `helm template produced invalid YAML from ${p.source || chartRel}: ${p.message}. Fix the template's output (helm template --debug shows it).`));
    }
    for (const x of rendered.excluded) {
      out.findings.push(finding(x.rule, sourceLocation(x.source, 1, 1) ?? job.origin, `In the output of ${x.source || chartRel}: ${x.message}`));
    }
    if (rendered.expandedBytes > 0 && !budget.take(rendered.expandedBytes, chartRel)) {
      out.findings.push({ ...budget.refusal(chartRel), file: job.origin.file, line: job.origin.line, column: job.origin.column });
      continue;
    }
    const warnings = stderrSummary(run.stderr);
    if (rendered.objects.length === 0) {
      out.findings.push(finding(RENDER_FAILED, job.origin, `Chart ${chartRel} (release ${release.release}) rendered no Kubernetes objects, so nothing in it was checked${warnings ? `; helm said: ${warnings}` : ''}. If the chart needs values to produce anything, list them under \`helm:\` in the configuration.`, { severity: 'info', mode: 'audit' }));
    } else if (warnings) {
      out.findings.push(finding(RENDER_FAILED, job.origin, `helm template printed warnings for chart ${chartRel}: ${warnings}. The objects it rendered were checked; review the warnings.`, { severity: 'info', mode: 'audit' }));
    }
    const valuesFiles = release.valuesFiles;
    const chartYamlLoc = fileStart(cache.rel(path.join(chart.dir, 'Chart.yaml')));
    const topNode = tree.get(chart.name);
    for (const o of rendered.objects) {
      const r = resolveSource(tree, o.source);
      const node = r?.node ?? topNode;
      if (!node) continue;
      let template = r?.node.dir ? path.join(r.node.dir, r.inner) : undefined;
      if (template && !fs.existsSync(template)) template = undefined;
      const fallback = node.archive ? fileStart(cache.rel(node.archive)) : chartYamlLoc;
      const ctx: HelmDocContext = {
        cache, node, ...(template ? { template } : {}), fallback, kind: o.kind, ordinal: o.ordinal,
        object: o.object, root: o.root, basePath: o.basePath, valuesFiles, sets: job.sets,
      };
      contexts.set(o.object, ctx);
      out.documents.push({
        file: template ? cache.rel(template) : fallback.file,
        source: 'helm',
        apiVersion: o.apiVersion,
        kind: o.kind,
        name: o.name,
        namespace: o.namespace,
        object: o.object,
        locate: (p) => locateHelm(ctx, p).location,
      });
    }
    out.files.push({ path: chartRel, documents: rendered.objects.length });
  }
  return out;
}
