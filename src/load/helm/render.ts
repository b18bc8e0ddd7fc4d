// `helm template` for one release: the command line, and turning its output into objects that
// know which template produced them.
import path from 'node:path';
import { parseYaml, type ParsedDocument, type YamlProblem } from '../yaml.js';
import { checkDocument, DEFAULT_LIMITS, documentsMessage, firstDocuments, parserOptions, type InputLimits } from '../limits.js';
import { kubernetesObjects, type KubeObject } from '../kubernetes.js';

/** Kubernetes minor version rendered against when neither the release nor `cluster.version` sets one. */
export const DEFAULT_KUBE_VERSION = '1.34';

export interface HelmRelease {
  /** Absolute chart directory. */
  chartDir: string;
  release: string;
  namespace: string;
  /** Absolute values files, lowest precedence first. */
  valuesFiles: string[];
  set: Record<string, string | number | boolean>;
  kubeVersion: string;
  apiVersions: string[];
}

/**
 * The `helm template` arguments. Offline by construction: no `--dependency-update`, no repo
 * or registry flags; `--set-json` keeps each configured value's type (a string stays a string).
 */
export function helmArgs(r: HelmRelease): string[] {
  const args = ['template', r.release, r.chartDir, '--namespace', r.namespace, '--kube-version', r.kubeVersion];
  for (const a of r.apiVersions) args.push('--api-versions', a);
  for (const f of r.valuesFiles) args.push('--values', f);
  for (const [k, v] of Object.entries(r.set)) args.push('--set-json', `${k}=${JSON.stringify(v)}`);
  return args;
}

/** A release name Helm accepts (lowercase DNS label, at most 53 characters), from a chart name. */
export function releaseName(chartName: string): string {
  const name = chartName.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 53).replace(/-+$/, '');
  return name || 'release';
}

export interface RenderedObject extends KubeObject {
  /** The `# Source:` path of the template that produced it (`chart/templates/x.yaml`). */
  source: string;
  /** Index among the objects of the same template and kind. */
  ordinal: number;
}

export interface RenderedOutput {
  objects: RenderedObject[];
  /** YAML problems in the output, with the template they come from. */
  problems: (YamlProblem & { source: string })[];
  /** Documents left out for passing an input limit (load/limits.ts), with the finding to report. */
  excluded: { rule: string; message: string; source: string }[];
  /** JSON bytes the documents that use aliases expand to. */
  expandedBytes: number;
}

const SOURCE = /^# Source: (.+?)\s*$/gm;

/** The `# Source:` comments of a rendered text, in order, with their offsets. */
export function sourceComments(text: string): { offset: number; source: string }[] {
  const out: { offset: number; source: string }[] = [];
  SOURCE.lastIndex = 0;
  for (let m = SOURCE.exec(text); m; m = SOURCE.exec(text)) out.push({ offset: m.index, source: m[1] as string });
  return out;
}

/** The source comment that heads the text at `offset` (the last one before it). */
export function sourceAt(comments: { offset: number; source: string }[], offset: number): string {
  let lo = 0;
  let hi = comments.length - 1;
  let found = '';
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const c = comments[mid] as { offset: number; source: string };
    if (c.offset <= offset) {
      found = c.source;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/** Parses `helm template` output with the manifest loader; every object keeps its template. */
export function parseRendered(text: string, namespace: string, limits: InputLimits = DEFAULT_LIMITS): RenderedOutput {
  const head = firstDocuments(text, limits.documentsPerFile);
  const parsed = parseYaml(head.text, parserOptions(limits));
  const comments = sourceComments(text);
  const objects: RenderedObject[] = [];
  const counts = new Map<string, number>();
  const excluded: RenderedOutput['excluded'] = [];
  if (head.cut !== undefined) excluded.push({ rule: 'EKS-INPUT-005', message: documentsMessage('The output', limits.documentsPerFile), source: sourceAt(comments, head.cut) });
  let expandedBytes = 0;
  const kept: ParsedDocument[] = [];
  for (const doc of parsed.documents) {
    const problem = checkDocument(doc, limits);
    if (problem && 'rule' in problem) excluded.push({ rule: problem.rule, message: problem.message, source: sourceAt(comments, doc.start) });
    else {
      if (problem) expandedBytes += problem.bytes;
      kept.push(doc);
    }
  }
  for (const o of kubernetesObjects(kept, namespace).slice(0, limits.documentsPerFile)) {
    const source = sourceAt(comments, o.start);
    const key = `${source}\u0000${o.kind}`;
    const ordinal = counts.get(key) ?? 0;
    counts.set(key, ordinal + 1);
    objects.push({ ...o, source, ordinal });
  }
  return { objects, problems: parsed.problems.map((p) => ({ ...p, source: sourceAt(comments, p.offset) })), excluded, expandedBytes };
}

/** A template position named in a Helm error: `(chart/templates/x.yaml:12:3)`, `template: chart/templates/x.yaml:12:3:`. */
export function errorPosition(stderr: string): { source: string; line: number; column: number } | undefined {
  const patterns = [
    /\(([^()\s:]+\/templates\/[^()\s:]+):(\d+)(?::(\d+))?\)/,
    /template: ([^\s:]+\/templates\/[^\s:]+):(\d+)(?::(\d+))?/,
    /(?:parse error|error) (?:at|in) \(?([^()\s:]+\/templates\/[^()\s:]+):(\d+)(?::(\d+))?/,
  ];
  for (const re of patterns) {
    const m = re.exec(stderr);
    if (m) return { source: m[1] as string, line: Number(m[2]), column: m[3] ? Number(m[3]) : 1 };
  }
  const y = /YAML parse error on ([^\s:]+\/templates\/[^\s:]+):/.exec(stderr);
  if (y) return { source: y[1] as string, line: 1, column: 1 };
  return undefined;
}

/** A dependency `helm template` found missing from charts/. */
export function missingDependency(stderr: string): string | undefined {
  return /missing in charts\/ directory: ([^\n]+)/.exec(stderr)?.[1]?.trim();
}

export function chartRelative(root: string, dir: string): string {
  return path.relative(root, dir).split(path.sep).join('/') || '.';
}
