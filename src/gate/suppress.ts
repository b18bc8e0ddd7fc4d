// Suppressions and exceptions (product.md §6). A finding is accepted, and leaves the findings
// list (SARIF keeps it, with `suppressions`), when
//   - its object carries the annotation `ignore.eks-policy-gate.io/<RULE-ID>: "<reason>"`,
//   - a comment `# eks-policy-gate:ignore <RULE-ID> <reason>` sits on the line above the object
//     or above the offending line (or at the end of the offending line), or
//   - a configuration `exceptions` entry matches its rule and resource (a Kubernetes identity or
//     a Terraform address) or file, and has not expired.
// A suppression without a reason, or naming no known rule, suppresses nothing and is itself a
// finding (EKS-GATE-001); an expired exception suppresses nothing and is reported (EKS-GATE-002).
// The gate's own findings cannot be suppressed.
import fs from 'node:fs';
import path from 'node:path';
import { matchesGlob } from '../glob.js';
import type { Config, ExceptionEntry } from '../config/config.js';
import type { ScanDocument } from '../evaluate/input.js';
import { decode } from '../load/decode.js';
import { LineIndex, resolvePath } from '../load/source-map.js';
import { parseYaml } from '../load/yaml.js';
import { DEFAULT_LIMITS } from '../load/limits.js';
import { readBounded } from '../load/read.js';
import { hasIgnoreMarker, IGNORE_MARKER, knownText } from '../load/texts.js';
import type { Finding, RawFinding } from '../model.js';

export const ANNOTATION_PREFIX = 'ignore.eks-policy-gate.io/';
export const RULE_SUPPRESSION = 'EKS-GATE-001';
export const RULE_EXPIRED_EXCEPTION = 'EKS-GATE-002';

const RULE_ID = /^[A-Z][A-Z0-9]*-[A-Z]+-\d{3}$/;
/** `# eks-policy-gate:ignore <IDs> <reason>` anywhere a YAML comment may start. */
const COMMENT = /(?:^|\s)#\s*eks-policy-gate:ignore\b(.*)$/;
const COMMENT_ONLY = /^\s*#/;

export interface Suppression {
  kind: 'annotation' | 'comment' | 'exception';
  reason: string;
  owner?: string;
  expires?: string;
  /** Where it is written: the annotation's or comment's line, or the exception's entry in the configuration. */
  file?: string;
  line?: number;
}

export interface SuppressedFinding extends Finding {
  suppression: Suppression;
}

/** A configuration exception, for the summary. */
export interface ExceptionReport {
  rule: string;
  resource?: ExceptionEntry['resource'];
  file?: string;
  reason: string;
  owner?: string;
  expires?: string;
  /** Where the entry is in the configuration file. */
  location?: { file: string; line: number };
}

export interface SuppressionResult {
  findings: Finding[];
  suppressed: SuppressedFinding[];
  /** Exceptions still in force that matched no finding. */
  unused: ExceptionReport[];
  /** Exceptions past their expiry date (they suppress nothing). */
  expired: ExceptionReport[];
}

export interface SuppressionContext {
  config: Config;
  /** Absolute path of the repository root. */
  root: string;
  /** Today's date (UTC), YYYY-MM-DD. */
  today?: string;
  /** Whether a rule ID exists in the catalog. */
  knownRule(id: string): boolean;
}

export function todayUtc(): string {
  return new Date().toISOString().slice(0, 10);
}

/** Valid through its `expires` day (UTC). */
export function isExpired(e: Pick<ExceptionEntry, 'expires'>, today: string): boolean {
  return typeof e.expires === 'string' && e.expires < today;
}

// ---------------------------------------------------------------------------------------------
// Reading comments

interface ParsedComment {
  rules: string[];
  reason: string;
  /** The text after `ignore`, for messages. */
  raw: string;
}

function parseComment(line: string): ParsedComment | undefined {
  const m = COMMENT.exec(line);
  if (!m) return undefined;
  const rest = (m[1] ?? '').trim();
  const [ids = '', ...words] = rest.split(/\s+/);
  const rules = ids.split(',').map((s) => s.trim()).filter(Boolean);
  const reason = words.join(' ').trim().replace(/^(["'])(.*)\1$/, '$2').trim();
  return { rules, reason, raw: rest };
}

/** Text lines of repository files, read once per scan. */
class FileLines {
  private readonly cache = new Map<string, string[] | null>();
  constructor(private readonly root: string, private readonly maxBytes = DEFAULT_LIMITS.fileSize) {}

  get(rel: string): string[] | undefined {
    if (!this.cache.has(rel)) {
      let lines: string[] | null = null;
      const known = knownText(rel);
      if (known !== undefined) {
        this.cache.set(rel, known.split(/\r?\n/));
        return this.cache.get(rel) ?? undefined;
      }
      // Only regular files inside the repository, bounded: a finding may be about a link out
      // of it (EKS-INPUT-006) or a file over the size limit, which must not be read here.
      const read = readBounded(path.join(this.root, rel), { root: this.root, maxBytes: this.maxBytes });
      if (read.ok) {
        const decoded = decode(read.bytes);
        if (decoded.kind === 'text') lines = decoded.text.split(/\r?\n/);
      }
      this.cache.set(rel, lines);
    }
    return this.cache.get(rel) ?? undefined;
  }
}

/** The comments on the lines directly above `line` (1-based), nearest first, then on `line` itself. */
function commentsAt(lines: readonly string[], line: number, includeLine: boolean): Array<{ line: number; comment: ParsedComment }> {
  const out: Array<{ line: number; comment: ParsedComment }> = [];
  if (includeLine) {
    const c = parseComment(lines[line - 1] ?? '');
    if (c) out.push({ line, comment: c });
  }
  for (let n = line - 1; n >= 1; n--) {
    const text = lines[n - 1] ?? '';
    if (!COMMENT_ONLY.test(text)) break;
    const c = parseComment(text);
    if (c) out.push({ line: n, comment: c });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Problems with suppressions themselves (run before the findings are built)

function annotationsOf(object: Record<string, unknown>): Record<string, unknown> {
  const metadata = object.metadata;
  if (!metadata || typeof metadata !== 'object' || Array.isArray(metadata)) return {};
  const annotations = (metadata as Record<string, unknown>).annotations;
  if (!annotations || typeof annotations !== 'object' || Array.isArray(annotations)) return {};
  return annotations as Record<string, unknown>;
}

function exceptionLines(config: Config): Map<number, { file: string; line: number }> {
  const out = new Map<number, { file: string; line: number }>();
  if (!config.file) return out;
  let text: string;
  try {
    const decoded = decode(fs.readFileSync(config.file));
    if (decoded.kind !== 'text') return out;
    text = decoded.text;
  } catch {
    return out;
  }
  const doc = parseYaml(text).documents[0];
  const lines = new LineIndex(text);
  config.exceptions.forEach((_e, i) => {
    const offset = doc?.root ? resolvePath(doc.root, ['exceptions', i]).offset : 0;
    out.set(i, { file: config.file ?? '', line: lines.position(offset).line });
  });
  return out;
}

function relativeTo(root: string, abs: string): string {
  const rel = path.relative(root, abs);
  return (rel.startsWith('..') || path.isAbsolute(rel) ? abs : rel).split(path.sep).join('/');
}

function describeException(e: ExceptionEntry): string {
  const parts = [`rule ${e.rule}`];
  if (typeof e.resource === 'string') parts.push(`resource ${e.resource}`);
  else if (e.resource) {
    const r = e.resource;
    parts.push(`resource ${[r.kind, r.namespace, r.name].filter(Boolean).join('/')}`);
  }
  if (e.file) parts.push(`file ${e.file}`);
  return parts.join(', ');
}

/**
 * Findings about the suppressions themselves: annotations and comments without a reason or
 * naming an unknown rule (EKS-GATE-001), expired exceptions (EKS-GATE-002).
 */
export function suppressionProblems(documents: readonly ScanDocument[], files: readonly string[], ctx: SuppressionContext): RawFinding[] {
  const out: RawFinding[] = [];
  for (const d of documents) {
    for (const [key, value] of Object.entries(annotationsOf(d.object))) {
      if (!key.startsWith(ANNOTATION_PREFIX)) continue;
      const rule = key.slice(ANNOTATION_PREFIX.length);
      const reason = typeof value === 'string' ? value.trim() : '';
      const problem = !RULE_ID.test(rule) || !ctx.knownRule(rule)
        ? `the annotation ${key} names no known rule ("${rule}"), so it suppresses nothing. Use a rule ID from \`eks-policy-gate rules\`.`
        : reason === ''
          ? `the annotation ${key} gives no reason, so it suppresses nothing. Set its value to why the finding is accepted.`
          : undefined;
      if (problem) out.push({ rule: RULE_SUPPRESSION, doc: d.id, path: ['metadata', 'annotations', key], message: `Suppression ignored: ${problem}` });
    }
  }
  const lines = new FileLines(ctx.root, ctx.config.limits.fileSize);
  for (const file of files) {
    // Most files hold no suppression comment: skip them without splitting their lines.
    if (hasIgnoreMarker(file) === false) continue;
    const text = lines.get(file);
    if (!text) continue;
    text.forEach((t, i) => {
      if (!t.includes(IGNORE_MARKER)) return;
      const c = parseComment(t);
      if (!c) return;
      const column = t.indexOf('#') + 1;
      const unknown = c.rules.filter((r) => !RULE_ID.test(r) || !ctx.knownRule(r));
      let problem: string | undefined;
      if (c.rules.length === 0) problem = 'the comment names no rule. Write `# eks-policy-gate:ignore <RULE-ID> <reason>`.';
      else if (unknown.length) problem = `the comment names no known rule (${unknown.map((u) => `"${u}"`).join(', ')}), so it suppresses nothing. Use a rule ID from \`eks-policy-gate rules\`.`;
      else if (c.reason === '') problem = `the comment gives no reason for ignoring ${c.rules.join(', ')}, so it suppresses nothing. Write the reason after the rule ID.`;
      if (problem) out.push({ rule: RULE_SUPPRESSION, file, line: i + 1, column: Math.max(column, 1), message: `Suppression ignored: ${problem}` });
    });
  }
  const today = ctx.today ?? todayUtc();
  const at = exceptionLines(ctx.config);
  ctx.config.exceptions.forEach((e, i) => {
    if (!isExpired(e, today)) return;
    const where = at.get(i);
    const owner = e.owner ? ` (owner ${e.owner})` : '';
    out.push({
      rule: RULE_EXPIRED_EXCEPTION,
      file: where ? relativeTo(ctx.root, where.file) : '.eks-policy-gate.yaml',
      line: where?.line ?? 1,
      column: 1,
      message: `The exception for ${describeException(e)}${owner} expired on ${e.expires}: it no longer suppresses anything. Fix the findings and remove it, or renew it with a new expiry date.`,
    });
  });
  return out;
}

// ---------------------------------------------------------------------------------------------
// Applying suppressions to the findings

function isGateRule(id: string): boolean {
  return id === RULE_SUPPRESSION || id === RULE_EXPIRED_EXCEPTION;
}

/** `Kind/namespace/name` of a finding's resource, made once per resource (a document's findings share it). */
const identities = new WeakMap<NonNullable<Finding['resource']>, string>();

function identityOf(r: NonNullable<Finding['resource']>): string {
  let id = identities.get(r);
  if (id === undefined) identities.set(r, (id = [r.kind, r.namespace, r.name].filter((s) => s !== undefined && s !== '').join('/')));
  return id;
}

function globMatch(value: string | undefined, pattern: string | undefined): boolean {
  if (pattern === undefined) return true;
  if (value === undefined) return false;
  return value === pattern || matchesGlob(value, pattern, true);
}

function ruleMatches(pattern: string, ruleId: string): boolean {
  return pattern === ruleId || (/[*?[]/.test(pattern) && matchesGlob(ruleId, pattern));
}

export function exceptionMatches(e: ExceptionEntry, f: Finding): boolean {
  return ruleMatches(e.rule, f.ruleId) && placeMatches(e, f);
}

/** Whether the exception's file and resource, if it names them, are the finding's. */
function placeMatches(e: ExceptionEntry, f: Finding): boolean {
  if (e.file !== undefined && !globMatch(f.location.file, e.file)) return false;
  if (e.resource === undefined) return true;
  const r = f.resource;
  if (!r) return false;
  if (typeof e.resource === 'string') {
    // A Terraform resource address (`module.eks.aws_eks_cluster.this`); also accepted:
    // `Kind/namespace/name` or `Kind/name` for a Kubernetes object.
    if (globMatch(r.name, e.resource) && r.apiVersion === undefined) return true;
    return globMatch(identityOf(r), e.resource);
  }
  const want = e.resource;
  return (
    globMatch(r.apiVersion, want.apiVersion) &&
    globMatch(r.kind, want.kind) &&
    globMatch(r.namespace ?? '', want.namespace) &&
    globMatch(r.name, want.name)
  );
}

function docKey(kind: string, namespace: string | undefined, name: string): string {
  return `${kind}\u0000${namespace ?? ''}\u0000${name}`;
}

export function applySuppressions(findings: readonly Finding[], documents: readonly ScanDocument[], ctx: SuppressionContext): SuppressionResult {
  const today = ctx.today ?? todayUtc();
  // Built on the first lookup: a scan without suppression annotations or comments needs none.
  let byIdentity: Map<string, ScanDocument[]> | undefined;
  const identities = (): Map<string, ScanDocument[]> => {
    if (byIdentity) return byIdentity;
    byIdentity = new Map();
    for (const d of documents) {
      const key = docKey(d.kind, d.namespace || undefined, d.name);
      const list = byIdentity.get(key);
      if (list) list.push(d);
      else byIdentity.set(key, [d]);
    }
    return byIdentity;
  };
  const lines = new FileLines(ctx.root, ctx.config.limits.fileSize);
  const at = exceptionLines(ctx.config);
  const exceptions = ctx.config.exceptions.map((e, i) => ({ entry: e, index: i, expired: isExpired(e, today), used: 0 }));

  // The scan gives the findings of one document one resource object: asked once per object.
  const seen = new Map<Finding['resource'], Map<string, ScanDocument | undefined>>();
  const documentOf = (f: Finding): ScanDocument | undefined => {
    if (!f.resource) return undefined;
    let byFile = seen.get(f.resource);
    if (!byFile) seen.set(f.resource, (byFile = new Map()));
    if (byFile.has(f.location.file)) return byFile.get(f.location.file);
    const list = identities().get(docKey(f.resource.kind, f.resource.namespace, f.resource.name));
    const doc = list ? (list.find((d) => d.file === f.location.file) ?? list[0]) : undefined;
    byFile.set(f.location.file, doc);
    return doc;
  };

  // The documents that carry a suppression annotation (few): the others' findings skip the
  // lookup, which on a large scan reads the metadata of a document long out of cache.
  const annotated = new Map<ScanDocument, Record<string, unknown>>();
  for (const d of documents) {
    const annotations = annotationsOf(d.object);
    if (Object.keys(annotations).some((k) => k.startsWith(ANNOTATION_PREFIX))) annotated.set(d, annotations);
  }

  const inline = (f: Finding): Suppression | undefined => {
    // The finding's document is looked up only where a suppression could be: some document
    // carries an annotation, or the finding's file a comment.
    let doc = annotated.size > 0 ? documentOf(f) : undefined;
    const annotations = doc && annotated.get(doc);
    if (doc && annotations) {
      const key = `${ANNOTATION_PREFIX}${f.ruleId}`;
      const value = annotations[key];
      if (typeof value === 'string' && value.trim() !== '') {
        const loc = doc.locate(['metadata', 'annotations', key]);
        return { kind: 'annotation', reason: value.trim(), file: loc.file, line: loc.line };
      }
    }
    // A file without the marker holds no suppression comment (most files, most findings).
    if (hasIgnoreMarker(f.location.file) === false) return undefined;
    const text = lines.get(f.location.file);
    if (!text) return undefined;
    const candidates = commentsAt(text, f.location.line, true);
    doc ??= documentOf(f);
    if (doc) {
      const start = doc.locate([]);
      if (start.file === f.location.file && start.line !== f.location.line) candidates.push(...commentsAt(text, start.line, false));
    }
    for (const { line, comment } of candidates) {
      if (comment.reason !== '' && comment.rules.includes(f.ruleId)) {
        return { kind: 'comment', reason: comment.reason, file: f.location.file, line };
      }
    }
    return undefined;
  };

  // The exceptions that can apply to a rule, in their order (the first that matches wins): a
  // finding is matched only against those, not against every exception of the configuration.
  const byRule = new Map<string, typeof exceptions>();
  const exceptionsFor = (ruleId: string): typeof exceptions => {
    let list = byRule.get(ruleId);
    if (!list) byRule.set(ruleId, (list = exceptions.filter((x) => !x.expired && ruleMatches(x.entry.rule, ruleId))));
    return list;
  };
  const kept: Finding[] = [];
  const suppressed: SuppressedFinding[] = [];
  for (const f of findings) {
    let s: Suppression | undefined;
    if (!isGateRule(f.ruleId)) {
      s = inline(f);
      if (!s) {
        // exceptionsFor matched the rule already: only the place is left to match.
        const match = exceptionsFor(f.ruleId).find((x) => placeMatches(x.entry, f));
        if (match) {
          match.used++;
          const where = at.get(match.index);
          s = {
            kind: 'exception',
            reason: match.entry.reason,
            ...(match.entry.owner ? { owner: match.entry.owner } : {}),
            ...(match.entry.expires ? { expires: match.entry.expires } : {}),
            ...(where ? { file: relativeTo(ctx.root, where.file), line: where.line } : {}),
          };
        }
      }
    }
    if (s) suppressed.push({ ...f, blocking: false, suppression: s });
    else kept.push(f);
  }

  const report = (x: (typeof exceptions)[number]): ExceptionReport => {
    const where = at.get(x.index);
    return {
      rule: x.entry.rule,
      ...(x.entry.resource !== undefined ? { resource: x.entry.resource } : {}),
      ...(x.entry.file ? { file: x.entry.file } : {}),
      reason: x.entry.reason,
      ...(x.entry.owner ? { owner: x.entry.owner } : {}),
      ...(x.entry.expires ? { expires: x.entry.expires } : {}),
      ...(where ? { location: { file: relativeTo(ctx.root, where.file), line: where.line } } : {}),
    };
  };
  return {
    findings: kept,
    suppressed,
    unused: exceptions.filter((x) => !x.expired && x.used === 0).map(report),
    expired: exceptions.filter((x) => x.expired).map(report),
  };
}

/** `Kind namespace/name`, or the Terraform address, for messages and the summary. */
export function describeExceptionResource(e: ExceptionReport): string {
  return describeException(e as ExceptionEntry);
}
