// Limits on what one scan reads (product.md §8): a gate runs on untrusted pull requests, so no
// input may make it crash, hang or run out of memory. Every limit has a default and a key under
// `limits:` in the configuration; passing one is an EKS-INPUT-005 finding on that file (the
// rest of the scan goes on), never a crash.
//
//   file-size           bytes of one input file, and of one renderer's output
//   documents-per-file  YAML documents (and List items) in one file; the first ones are checked
//   total-size          bytes of all inputs of a scan, expanded aliases included
//   aliases             nodes that aliases add to one document when expanded, and entries that
//                       `<<` merge keys copy in one file (js-yaml counts those: maxTotalMergeKeys)
//   depth               nesting of one document, aliases expanded
//   subprocess-seconds  helm, kustomize, terraform show
//
// js-yaml resolves an alias to the anchored object itself, so a "billion laughs" document
// costs little to parse; it explodes only when something serialises it (the policy engine
// does: JSON.stringify of the whole input). So documents that use aliases are measured here,
// shared nodes once each, before anything expands them.
import type { RawFinding } from '../model.js';
import type { ParsedDocument } from './yaml.js';

export interface InputLimits {
  fileSize: number;
  documentsPerFile: number;
  totalSize: number;
  aliases: number;
  depth: number;
  subprocessSeconds: number;
}

const MiB = 1024 * 1024;

export const DEFAULT_LIMITS: Readonly<InputLimits> = {
  // The largest file of the shared corpus is 1.9 MB (Argo CD's install.yaml); etcd stores at
  // most 1.5 MiB per object.
  fileSize: 16 * MiB,
  // The corpus' largest file holds 59 documents; a rendered chart a few hundred.
  documentsPerFile: 10_000,
  // The policy engine holds the whole input (as JSON) in one WebAssembly memory.
  totalSize: 128 * MiB,
  aliases: 10_000,
  // The corpus' deepest document (a CRD schema) nests 36 levels.
  depth: 100,
  subprocessSeconds: 60,
};

/**
 * The most `limits.depth` may be: beyond it the recursive descent of js-yaml (and of
 * JSON.stringify) could exhaust the call stack (flow sequences did at 2,000 levels).
 */
export const MAX_PARSER_DEPTH = 1_000;

export const LIMIT_RULE = 'EKS-INPUT-005';

/** The configuration's `limits:` (config file keys) with defaults applied. */
export function limitsFrom(raw: Partial<Record<string, number>> | undefined): InputLimits {
  const r = raw ?? {};
  return {
    fileSize: r['file-size'] ?? DEFAULT_LIMITS.fileSize,
    documentsPerFile: r['documents-per-file'] ?? DEFAULT_LIMITS.documentsPerFile,
    totalSize: r['total-size'] ?? DEFAULT_LIMITS.totalSize,
    aliases: r.aliases ?? DEFAULT_LIMITS.aliases,
    depth: Math.min(r.depth ?? DEFAULT_LIMITS.depth, MAX_PARSER_DEPTH),
    subprocessSeconds: r['subprocess-seconds'] ?? DEFAULT_LIMITS.subprocessSeconds,
  };
}

/** A byte count as people read it: 1.5 MiB, 800 KiB, 12 bytes. */
export function formatBytes(n: number): string {
  if (n >= MiB) return `${Number((n / MiB).toFixed(1))} MiB`;
  if (n >= 1024) return `${Number((n / 1024).toFixed(1))} KiB`;
  return `${n} bytes`;
}

/** The bytes all inputs of one scan may take together; shared by every input source. */
export class InputBudget {
  private used = 0;
  private exhaustedAt: string | undefined;

  constructor(readonly limits: InputLimits = DEFAULT_LIMITS) {}

  get spent(): number {
    return this.used;
  }

  /**
   * Takes `bytes` for `file`; false (and nothing taken) when the scan's total would pass
   * `limits.total-size`. Once exhausted, every later file is refused too, so which files are
   * checked does not depend on their sizes.
   */
  take(bytes: number, file: string): boolean {
    if (this.exhaustedAt !== undefined || this.used + bytes > this.limits.totalSize) {
      this.exhaustedAt ??= file;
      return false;
    }
    this.used += bytes;
    return true;
  }

  /** The finding for a file the total limit kept out of the scan. */
  refusal(file: string, line = 1, column = 1): RawFinding {
    const first = this.exhaustedAt === file;
    return limitFinding(file, line, column,
      `The scan's inputs reached the limit of ${formatBytes(this.limits.totalSize)} in total (limits.total-size)${first ? ' at this file' : ` at ${this.exhaustedAt ?? 'an earlier file'}`}, so ${file} was not checked. ` +
      'Scan fewer paths, exclude generated or vendored files under `paths.exclude`, or raise `limits.total-size` in .eks-policy-gate.yaml.');
  }
}

export function limitFinding(file: string, line: number, column: number, message: string): RawFinding {
  return { rule: LIMIT_RULE, file, line, column, message };
}

export function fileSizeMessage(file: string, size: number | undefined, limit: number, what = 'input file'): string {
  return `${file} is ${size === undefined ? 'larger than' : formatBytes(size) + ', over'} the limit of ${formatBytes(limit)} for one ${what} (limits.file-size), so nothing in it was checked. ` +
    'Split it into smaller files, exclude it under `paths.exclude`, or raise `limits.file-size` in .eks-policy-gate.yaml.';
}

/**
 * Offsets where the documents of a YAML text start: 0 and every `---` marker at the start of
 * a line. A marker line always starts a document (YAML forbids it inside any scalar), so this
 * is an upper bound of the document count, known before parsing.
 */
export function documentStarts(text: string, stopAfter = Infinity): number[] {
  const starts = [0];
  const marker = /^---(?=[ \t\r\n]|$)/gm;
  for (let m = marker.exec(text); m && starts.length <= stopAfter; m = marker.exec(text)) {
    if (m.index > 0) starts.push(m.index);
  }
  return starts;
}

/**
 * The text of at most `max` documents: the rest of the text, from the marker of document
 * `max + 1` on, is cut before parsing. `cut` is the offset where it was cut.
 */
export function firstDocuments(text: string, max: number): { text: string; cut?: number } {
  const starts = documentStarts(text, max + 1);
  const cut = starts[max];
  return cut === undefined ? { text } : { text: text.slice(0, cut), cut };
}

export function documentsMessage(file: string, limit: number): string {
  return `${file} holds more than ${limit} documents (limits.documents-per-file), so only the first ${limit} were checked and the rest from this line on were not. ` +
    'Split the file, or raise `limits.documents-per-file` in .eks-policy-gate.yaml.';
}

export interface Measured {
  /** Nodes of the document with every alias expanded. */
  nodes: number;
  /** Nodes the aliases added: expanded nodes minus the nodes written in the text. */
  added: number;
  /** Nesting depth with every alias expanded (a scalar is 1). */
  depth: number;
  /** Approximate size of the document as JSON, aliases expanded. */
  bytes: number;
  /** The document contains itself through an alias: no JSON can represent it. */
  cyclic: boolean;
  /** The first limit passed, if any; measuring stops there. */
  over?: 'aliases' | 'depth' | 'size';
}

interface Totals {
  nodes: number;
  depth: number;
  bytes: number;
}

class Over extends Error {
  constructor(readonly kind: 'aliases' | 'depth' | 'size' | 'cyclic') {
    super(kind);
  }
}

function scalarBytes(v: unknown): number {
  if (typeof v === 'string') return v.length + 2;
  if (typeof v === 'number') return String(v).length;
  if (typeof v === 'boolean') return v ? 4 : 5;
  return 4;
}

/**
 * Measures a parsed value as JSON.stringify would expand it, without expanding it: each object
 * is measured once (aliases share objects), so an alias bomb costs O(nodes written). Stops at
 * the first limit passed. Written by hand: no library measures a shared-object graph this way.
 */
export function measure(value: unknown, limits: { aliases: number; depth: number; bytes: number }): Measured {
  const memo = new Map<object, Totals>();
  const active = new Set<object>();
  let written = 0;
  const visit = (v: unknown, level: number): Totals => {
    if (v === null || typeof v !== 'object') return { nodes: 1, depth: 1, bytes: scalarBytes(v) };
    const known = memo.get(v);
    if (known) {
      if (level + known.depth - 1 > limits.depth) throw new Over('depth');
      return known;
    }
    if (active.has(v)) throw new Over('cyclic');
    if (level > limits.depth) throw new Over('depth');
    active.add(v);
    const t: Totals = { nodes: 1, depth: 1, bytes: 2 };
    written++;
    const entries: Array<[string | undefined, unknown]> = Array.isArray(v) ? v.map((x) => [undefined, x]) : Object.entries(v);
    for (const [key, child] of entries) {
      const c = visit(child, level + 1);
      if (child === null || typeof child !== 'object') written++;
      t.nodes += c.nodes;
      t.depth = Math.max(t.depth, c.depth + 1);
      t.bytes += c.bytes + 1 + (key === undefined ? 0 : key.length + 3);
    }
    active.delete(v);
    memo.set(v, t);
    return t;
  };
  try {
    const t = visit(value, 1);
    const added = Math.max(0, t.nodes - (written || 1));
    const out: Measured = { nodes: t.nodes, added, depth: t.depth, bytes: t.bytes, cyclic: false };
    if (added > limits.aliases) out.over = 'aliases';
    else if (t.bytes > limits.bytes) out.over = 'size';
    return out;
  } catch (e) {
    if (!(e instanceof Over)) throw e;
    if (e.kind === 'cyclic') return { nodes: 0, added: 0, depth: 0, bytes: 0, cyclic: true };
    return { nodes: 0, added: 0, depth: limits.depth + 1, bytes: 0, cyclic: false, over: e.kind };
  }
}

/** Why a parsed document must not reach the policies, if it must not. */
export interface DocumentProblem {
  rule: 'EKS-INPUT-001' | typeof LIMIT_RULE;
  kind: 'cyclic' | 'aliases' | 'size' | 'depth';
  message: string;
  /** Approximate JSON size, to charge against the total when the document is kept. */
  bytes?: number;
}

/**
 * Checks one parsed document against the limits: only documents that use aliases can expand
 * beyond their text, so the others cost nothing here.
 */
export function checkDocument(doc: ParsedDocument, limits: InputLimits): DocumentProblem | { bytes: number } | undefined {
  if (doc.aliases === 0) return undefined;
  const m = measure(doc.value, { aliases: limits.aliases, depth: limits.depth, bytes: limits.fileSize });
  if (m.cyclic) {
    return {
      rule: 'EKS-INPUT-001',
      kind: 'cyclic',
      message: 'The document contains itself through an alias (an `&anchor` used inside its own node): no JSON can represent it, and kubectl rejects it. Remove the recursive alias; the document was not checked.',
    };
  }
  switch (m.over) {
    case 'aliases':
      return {
        rule: LIMIT_RULE,
        kind: 'aliases',
        message: `The document's aliases expand to more than ${limits.aliases} additional nodes (limits.aliases): an alias bomb ("billion laughs"), or unusually heavy use of anchors. The document was not checked. Write the values out, or raise \`limits.aliases\` in .eks-policy-gate.yaml.`,
      };
    case 'size':
      return {
        rule: LIMIT_RULE,
        kind: 'size',
        message: `The document's aliases expand it to more than ${formatBytes(limits.fileSize)} (limits.file-size), so it was not checked. Write the values out, or raise \`limits.file-size\` in .eks-policy-gate.yaml.`,
      };
    case 'depth':
      return {
        rule: LIMIT_RULE,
        kind: 'depth',
        message: `With its aliases expanded the document nests deeper than ${limits.depth} levels (limits.depth), so it was not checked. Flatten it, or raise \`limits.depth\` in .eks-policy-gate.yaml.`,
      };
    default:
      return { bytes: m.bytes };
  }
}

/** The message for a parser limit js-yaml enforced (nesting, merge keys), by its reason. */
export function parserLimitMessage(reason: string, limits: InputLimits): string | undefined {
  if (/nesting exceeded maxDepth|Maximum call stack size exceeded/.test(reason)) {
    return `The document nests deeper than ${limits.depth} levels (limits.depth), so it was not checked. Flatten it, or raise \`limits.depth\` in .eks-policy-gate.yaml.`;
  }
  if (/merge keys exceeded maxTotalMergeKeys/.test(reason)) {
    return `Merge keys (\`<<\`) in this file copy more than ${limits.aliases} entries (limits.aliases): a merge-key bomb, or unusually heavy use of anchors. The document was not checked. Write the values out, or raise \`limits.aliases\` in .eks-policy-gate.yaml.`;
  }
  return undefined;
}

/** js-yaml options that enforce the parser's share of the limits. */
export function parserOptions(limits: InputLimits): { maxDepth: number; maxMergeKeys: number } {
  return { maxDepth: Math.min(limits.depth, MAX_PARSER_DEPTH), maxMergeKeys: limits.aliases };
}
