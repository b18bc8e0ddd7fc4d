// The Kustomize source: kustomizations found in the repository (or listed under `kustomize:` in
// the configuration) are built with `kustomize build` (or `kubectl kustomize`), offline and with
// the load restrictor on, and every built object is located back in the file that defines it.
//
// The build runs on a temporary kustomization that includes the overlay and adds
// `buildMetadata: [originAnnotations]`, so each object names its source file; the annotation is
// removed before evaluation. Which kustomizations render, and which files are then no longer
// plain manifests, is described in graph.ts and docs/rendering.md.
import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../../config/config.js';
import type { InputFile } from '../../discover/discover.js';
import type { FieldPath, Location, RawFinding } from '../../model.js';
import { parseYaml } from '../yaml.js';
import { kubernetesObjects, type KubeObject } from '../kubernetes.js';
import { LineIndex, resolvePath } from '../source-map.js';
import { FileCache } from '../helm/locate.js';
import { configLocation, escapingLink, RENDER_FAILED, RENDERER_MISSING, type RenderedSource, type RenderTiming } from '../helm/index.js';
import { findTool, Sandbox, stderrSummary } from '../helm/tools.js';
import { RunPool, type PendingRun } from '../../run-pool.js';
import { checkDocument, documentsMessage, firstDocuments, formatBytes, InputBudget, parserLimitMessage, parserOptions } from '../limits.js';
import type { ParsedDocument } from '../yaml.js';
import { readText } from '../read.js';
import { KustomizationGraph, type Kustomization } from './graph.js';
import { findSourceObject, generatorLocation, locateKustomize, SourceFiles, type KustomizeDocContext } from './locate.js';
import { append } from '../../append.js';

export const ORIGIN_ANNOTATION = 'config.kubernetes.io/origin';

export interface KustomizeOptions {
  root: string;
  config: Config;
  /** Absolute scanned paths: configured overlays render when they are inside one. */
  scanned: string[];
  /** The scan's shared byte budget (limits.total-size). */
  budget?: InputBudget;
}

export interface KustomizeSource extends RenderedSource {
  /** Real paths of the files read through a rendered kustomization: not plain manifests. */
  owned: Set<string>;
}

interface Job {
  dir: string;
  namespace: string;
  origin: Location;
}

type Builder = { bin: string; args: (dir: string) => string[]; name: string };

/** A job before it is loaded: what stops it from building, or its build, started where it could be. */
interface Plan {
  tree: Kustomization[];
  dirRel: string;
  problems: RawFinding[];
  build?: {
    b: Builder;
    wrapper: string;
    /** Built through the wrapper, which asks for origin annotations. */
    withOrigins: boolean;
    run?: PendingRun;
  };
}

function inside(parent: string, child: string): boolean {
  const rel = path.relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** The builder on this machine: kustomize, else kubectl's embedded kustomize. */
function builder(): Builder | undefined {
  // No --enable-helm, --enable-alpha-plugins, --enable-exec or --network: no chart inflation,
  // no plugins, no exec or container functions. The load restrictor is the default; say it.
  const restrict = ['--load-restrictor', 'LoadRestrictionsRootOnly'];
  const k = findTool('kustomize');
  if (k) return { bin: k, args: (dir) => ['build', dir, ...restrict], name: 'kustomize build' };
  const kubectl = findTool('kubectl');
  if (kubectl) return { bin: kubectl, args: (dir) => ['kustomize', dir, ...restrict], name: 'kubectl kustomize' };
  return undefined;
}

/** Reads the origin annotation the build added, and removes it from the object. */
function takeOrigin(o: KubeObject): { path?: string; configuredIn?: string } | undefined {
  const metadata = o.object.metadata;
  if (!isRecord(metadata) || !isRecord(metadata.annotations)) return undefined;
  const raw = metadata.annotations[ORIGIN_ANNOTATION];
  if (typeof raw !== 'string') return undefined;
  Reflect.deleteProperty(metadata.annotations, ORIGIN_ANNOTATION);
  if (Object.keys(metadata.annotations).length === 0) delete metadata.annotations;
  const v = parseYaml(raw).documents[0]?.value;
  if (!isRecord(v)) return undefined;
  return {
    ...(typeof v.path === 'string' ? { path: v.path } : {}),
    ...(typeof v.configuredIn === 'string' ? { configuredIn: v.configuredIn } : {}),
  };
}

function finding(rule: string, at: Location, message: string, extra: Partial<RawFinding> = {}): RawFinding {
  return { rule, file: at.file, line: at.line, column: at.column, message, ...extra };
}

export function loadKustomizations(dirs: InputFile[], opts: KustomizeOptions): KustomizeSource {
  const out: KustomizeSource = { files: [], documents: [], findings: [], renders: [], owned: new Set() };
  const { root, config } = opts;
  const graph = new KustomizationGraph(root);
  const cache = new FileCache(root);
  const files = new SourceFiles(root);
  const real = KustomizationGraph.real;
  const scanned = opts.scanned.map(real);
  const kustomizationAt = (k: Kustomization, keyPath: FieldPath): Location => {
    const doc = files.yaml(k.file);
    if (!doc?.root) return { file: files.rel(k.file), line: 1, column: 1, endLine: 1 };
    const { line, column } = doc.lines.position(resolvePath(doc.root, keyPath).offset);
    return { file: files.rel(k.file), line, column, endLine: line };
  };

  // What renders: configured overlays inside the scanned paths, then the roots discovery found.
  const jobs: Job[] = [];
  const configured = new Set<string>();
  (config.raw.kustomize ?? []).forEach((entry, i) => {
    const rel = typeof entry === 'string' ? entry : entry.path;
    const dir = path.resolve(root, rel);
    if (!scanned.some((s) => inside(s, real(dir)))) return;
    const at = configLocation(cache, config, typeof entry === 'string' ? ['kustomize', i] : ['kustomize', i, 'path']);
    if (!graph.get(dir)) {
      out.findings.push(finding(RENDER_FAILED, at, `kustomize[${i}]: ${rel} holds no kustomization.yaml, so nothing was built or checked for it. Fix the path (relative to the repository root).`));
      return;
    }
    configured.add(real(dir));
    jobs.push({ dir, namespace: (typeof entry === 'string' ? undefined : entry.namespace) ?? config.namespaces.default, origin: at });
  });
  // A kustomization file that is not a regular file (a dangling link, a FIFO) is no kustomization.
  const candidates = dirs.map((d) => d.abs).filter((d) => {
    const k = graph.get(d);
    return k !== undefined && k.kind !== 'Component';
  });
  // Kustomizations that include each other in a cycle are nobody's root: the first of them
  // renders anyway, so the cycle is reported (kustomize refuses it) instead of going unchecked.
  const roots = graph.roots(candidates);
  const covered = new Set(roots.flatMap((r) => graph.tree(r).map((k) => real(k.dir))));
  for (const d of candidates) {
    if (covered.has(real(d))) continue;
    roots.push(d);
    for (const k of graph.tree(d)) covered.add(real(k.dir));
  }
  for (const dir of roots) {
    if (configured.has(real(dir))) continue;
    const k = graph.get(dir) as Kustomization;
    jobs.push({ dir, namespace: config.namespaces.default, origin: { file: files.rel(k.file), line: 1, column: 1, endLine: 1 } });
  }
  if (jobs.length === 0) return out;

  const { limits } = config;
  const timeout = limits.subprocessSeconds;
  const budget = opts.budget ?? new InputBudget(limits);
  let sandbox: Sandbox | undefined;
  let pool: RunPool | undefined;
  try {
    // Every overlay that can be built starts building now, side by side (src/run-pool.ts); each is
    // then loaded in the jobs' order, as one build after the other was.
    const plans = jobs.map((job): Plan => {
      const tree = graph.tree(job.dir);
      const dirRel = files.rel(job.dir) || '.';
      // Problems found before building: each says what to do.
      const problems: RawFinding[] = [];
      for (const k of tree) {
        if (k.error) {
          const { line, column } = new LineIndex(k.error.offset > 0 ? (readText(k.file, { root, maxBytes: limits.fileSize }) ?? '') : '').position(k.error.offset);
          problems.push({ rule: 'EKS-INPUT-001', file: files.rel(k.file), line, column, message: `${files.rel(k.file)} is not valid YAML (${k.error.message}), so ${dirRel} was not built or checked. Fix the kustomization.` });
        }
        for (const r of k.remote) {
          problems.push(finding(RENDER_FAILED, kustomizationAt(k, r.path), `${dirRel} was not built: it includes the remote ${r.ref}, and the gate builds offline (no network). Vendor the base into the repository and refer to it by a relative path.`));
        }
        if (k.helmCharts) {
          problems.push(finding(RENDER_FAILED, kustomizationAt(k, ['helmCharts']), `${dirRel} was not built: it inflates Helm charts (helmCharts), which needs --enable-helm and may download charts; the gate does not allow that. Render the chart through \`helm:\` in the configuration instead, or exclude the kustomization.`));
        }
        const link = escapingLink(k.dir, root);
        if (link) problems.push(finding(RENDER_FAILED, job.origin, `${dirRel} was not built: ${files.rel(link)} is a symbolic link that leaves the repository, and the gate never reads outside it. Replace the link with the file it points to.`));
      }
      const b = problems.length === 0 ? builder() : undefined;
      if (!b) return { tree, dirRel, problems };
      sandbox ??= new Sandbox();
      pool ??= new RunPool();
      // A temporary kustomization that includes the overlay and asks for origin annotations.
      const wrapper = fs.mkdtempSync(path.join(sandbox.dir, 'kustomize-'));
      const relToOverlay = path.relative(wrapper, job.dir).split(path.sep).join('/');
      const withOrigins = !path.isAbsolute(relToOverlay);
      if (withOrigins) fs.writeFileSync(path.join(wrapper, 'kustomization.yaml'), `resources:\n  - ${JSON.stringify(relToOverlay)}\nbuildMetadata: [originAnnotations]\n`);
      const run = withOrigins ? sandbox.start(pool, b.bin, b.args(wrapper), { cwd: root, timeoutSeconds: timeout, maxBytes: limits.fileSize }) : undefined;
      return { tree, dirRel, problems, build: { b, wrapper, withOrigins, ...(run ? { run } : {}) } };
    });
    for (const [i, job] of jobs.entries()) {
      const { tree, dirRel, problems, build } = plans[i] as Plan;
      const top = tree[0] as Kustomization;
      for (const f of graph.owned(job.dir)) out.owned.add(f);
      if (problems.length > 0) {
        append(out.findings, problems);
        continue;
      }
      if (!build || !sandbox) {
        out.findings.push(finding(RENDERER_MISSING, job.origin, `Neither kustomize nor kubectl is installed (not found on PATH), so ${dirRel} was not built and nothing in it was checked. Install kustomize (or kubectl) before the gate runs, or exclude the kustomization under \`paths.exclude\`.`));
        continue;
      }
      const { b, wrapper } = build;
      let { withOrigins } = build;
      let run = build.run?.result();
      if (!run || (run.status !== 0 && !run.timedOut && !run.overflow)) {
        // Built on its own, the error names the overlay's files, not the wrapper.
        withOrigins = false;
        run = sandbox.run(b.bin, b.args(job.dir), { cwd: root, timeoutSeconds: timeout, maxBytes: limits.fileSize });
      }
      const timing: RenderTiming = { target: dirRel, ms: run.ms, objects: 0, ok: false };
      out.renders.push(timing);
      if (run.overflow) {
        out.findings.push(finding('EKS-INPUT-005', job.origin, `${b.name} ${dirRel} printed more than ${formatBytes(limits.fileSize)} (limits.file-size), so it was stopped and nothing in it was checked. Raise \`limits.file-size\` in the configuration if the overlay is that large.`));
        continue;
      }
      if (run.status === 0 && !budget.take(Buffer.byteLength(run.stdout), dirRel)) {
        out.findings.push({ ...budget.refusal(dirRel), file: job.origin.file, line: job.origin.line, column: job.origin.column });
        continue;
      }
      if (run.timedOut || run.error || run.status !== 0) {
        const message = run.timedOut
          ? `${b.name} ${dirRel} did not finish within ${timeout} s, so nothing in it was checked. Raise \`limits.subprocess-seconds\` in the configuration if the overlay is that large.`
          : run.error
            ? `${b.name} could not be started (${run.error}), so ${dirRel} was not checked. Check the installation on PATH.`
            : `${b.name} failed for ${dirRel}, so nothing in it was checked: ${stderrSummary(run.stderr.split(wrapper).join('<overlay>'))}. Fix the kustomization (\`kustomize build ${dirRel}\` shows the same error).`;
        out.findings.push(finding(RENDER_FAILED, job.origin, message));
        continue;
      }
      const head = firstDocuments(run.stdout, limits.documentsPerFile);
      const parsed = parseYaml(head.text, parserOptions(limits));
      if (head.cut !== undefined) out.findings.push(finding('EKS-INPUT-005', job.origin, documentsMessage(`The output of ${b.name} ${dirRel}`, limits.documentsPerFile)));
      // Documents whose aliases expand past a limit never reach the policies.
      const kept: ParsedDocument[] = [];
      let expandedBytes = 0;
      for (const doc of parsed.documents) {
        const problem = checkDocument(doc, limits);
        if (problem && 'rule' in problem) out.findings.push(finding(problem.rule, job.origin, `In the output of ${b.name} ${dirRel}: ${problem.message}`));
        else {
          if (problem) expandedBytes += problem.bytes;
          kept.push(doc);
        }
      }
      if (expandedBytes > 0 && !budget.take(expandedBytes, dirRel)) {
        out.findings.push({ ...budget.refusal(dirRel), file: job.origin.file, line: job.origin.line, column: job.origin.column });
        continue;
      }
      const objects = kubernetesObjects(kept, job.namespace).slice(0, limits.documentsPerFile);
      timing.ok = true;
      timing.objects = objects.length;
      for (const p of parsed.problems) {
        const limit = p.kind === 'limit' ? parserLimitMessage(p.message, limits) : undefined;
        if (limit) out.findings.push(finding('EKS-INPUT-005', job.origin, `In the output of ${b.name} ${dirRel}: ${limit}`));
        else out.findings.push(finding('EKS-INPUT-001', job.origin, `${b.name} ${dirRel} produced invalid YAML (${p.message}); the rest of its output was checked.`));
      }
      if (objects.length === 0) {
        const said = stderrSummary(run.stderr);
        out.findings.push(finding(RENDER_FAILED, job.origin, `${dirRel} built no Kubernetes objects, so nothing in it was checked${said ? `; ${b.name} said: ${said}` : ''}.`, { severity: 'info', mode: 'audit' }));
      }
      // Patches of the tree, the last applied first: the overlay's own, then its bases' (outermost first).
      const patches = tree.flatMap((k) => [...k.patches].reverse());
      const fallback: Location = { file: files.rel(top.file), line: 1, column: 1, endLine: 1 };
      const byReal = new Map(tree.map((k) => [real(k.file), k]));
      const resourceFiles = tree.flatMap((k) => k.files);
      for (const o of objects) {
        const origin = withOrigins ? takeOrigin(o) : undefined;
        const ctx: KustomizeDocContext = {
          files, kind: o.kind, name: o.name, object: o.object, root: o.root, basePath: o.basePath, patches, fallback,
        };
        let source: { file: ReturnType<SourceFiles['get']>; object: KubeObject | undefined } | undefined;
        if (origin?.path) {
          const abs = path.resolve(wrapper, origin.path);
          if (inside(real(root), real(abs))) {
            const f = files.get(abs);
            source = { file: f, object: f ? findSourceObject(f, o.kind, o.name) : undefined };
          }
        } else if (origin?.configuredIn) {
          const k = byReal.get(real(path.resolve(wrapper, origin.configuredIn)));
          const loc = k ? generatorLocation(files, k, o.kind, o.name) : undefined;
          if (loc) ctx.generated = loc;
        }
        if (!source?.object && !ctx.generated) {
          // No origin: the resource file that defines an object of this kind and name.
          for (const abs of resourceFiles) {
            const f = files.get(abs);
            const obj = f ? findSourceObject(f, o.kind, o.name) : undefined;
            if (f && obj && obj.apiVersion === o.apiVersion) {
              source = { file: f, object: obj };
              break;
            }
          }
        }
        if (source?.file && source.object) ctx.source = { file: source.file, object: source.object };
        const file = ctx.source?.file.path ?? ctx.generated?.file ?? fallback.file;
        out.documents.push({
          file,
          source: 'kustomize',
          apiVersion: o.apiVersion,
          kind: o.kind,
          name: o.name,
          namespace: o.namespace,
          object: o.object,
          locate: (p) => locateKustomize(ctx, p),
        });
      }
      out.files.push({ path: dirRel, documents: objects.length });
    }
  } finally {
    // Every started build was waited for above, unless something threw: the pool stops then too.
    pool?.close();
    sandbox?.dispose();
  }
  return out;
}
