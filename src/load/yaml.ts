// Parses a YAML (or JSON) text into documents with Kubernetes' YAML semantics, recording
// where every node is, so a finding can later be given its line.
//
// One parse per file: js-yaml composes the values, and its node listener records the frames
// that source-map.ts turns into lines on demand. (The `yaml` package gives positions too, but
// is several times slower on large manifests; see docs/architecture.md.)
import yaml from 'js-yaml';
import { KUBERNETES_SCHEMA } from './yaml-schema.js';
import { FrameTable, releaseColumns, type Frame } from './source-map.js';
import { append } from '../append.js';
import { dropLoneSurrogates } from './surrogates.js';
import { readFast, PlainScalars, type NodeSink } from './fast-yaml.js';

export interface ParsedDocument {
  /** Position of the document in its file, from 0. */
  index: number;
  value: unknown;
  /** The root frame, for line lookups; absent for an empty document. */
  root: Frame | undefined;
  /** Offset where the document starts in the file. */
  start: number;
  /** Number of aliases (`*ref`) the document uses. */
  aliases: number;
}

export interface YamlProblem {
  /**
   * `limit`: a parser limit (nesting depth, merge-key work) of ParseOptions was passed.
   * `surrogate`: an escape of a lone UTF-16 surrogate (`"\ud800"`); the document is left out.
   */
  kind: 'syntax' | 'duplicate-key' | 'limit' | 'surrogate';
  message: string;
  offset: number;
}

/** Parser limits (load/limits.ts); js-yaml's defaults (100 levels, 10,000 merged keys) otherwise. */
export interface ParseOptions {
  maxDepth?: number;
  /** Entries `<<` merge keys may copy in one parse. */
  maxMergeKeys?: number;
  /** Every text to js-yaml, none to fast-yaml.ts (tests and benchmarks compare the two). */
  jsYamlOnly?: boolean;
}

export interface ParseResult {
  documents: ParsedDocument[];
  problems: YamlProblem[];
}

interface ListenerState {
  position: number;
  kind: string | null;
  result: unknown;
}

// Each scalar string of a scan kept once: the same names, labels, images and ports recur in
// every manifest, and a repository that renders one chart or overlay per environment repeats
// whole ConfigMaps and CRDs. 10,216 documents of the benchmark hold 308,886 string values,
// 10,883 of them distinct, and a copy per use was a third of the parsed documents' heap (its
// long strings repeat because the benchmark copies the corpus). The parser's listener swaps
// each scalar for the first one equal to it before the parser stores it; each string is hashed
// once, so this costs a pass over the scalars' characters.
//
// The same table numbers the scalars: a frame table (source-map.ts) records each scalar's
// String() as its number, which is the key the parser makes of it, so a lookup needs neither
// the text nor a second reading of the key's spelling.
class ScalarTable {
  /** The distinct scalars, by number. */
  readonly strings: string[] = [];
  private readonly numbers = new Map<string, number>();
  /** The plain scalars fast-yaml.ts has read, numbered in this table. */
  readonly plain = new PlainScalars({ share: (value) => this.numberOf(value), shared: (key) => this.strings[key] as string });

  numberOf(value: string): number {
    let n = this.numbers.get(value);
    if (n === undefined) {
      n = this.strings.push(value) - 1;
      this.numbers.set(value, n);
    }
    return n;
  }

  get size(): number {
    return this.strings.length;
  }
}

/**
 * Distinct scalars before a new table is started (checked before each text, so a text's
 * frames number their scalars in one table; the old table lives on with its frames).
 */
const SCALARS_MAX = 1 << 20;
let scalars = new ScalarTable();

/**
 * Lets go of what the parser keeps between texts: the scalars kept for sharing (the frame
 * tables keep theirs) and the frame tables' working arrays. At the start of a scan and once
 * its inputs are parsed.
 */
export function releaseParserTables(): void {
  scalars = new ScalarTable();
  releaseColumns();
}

/** A text's documents, and whether the fast reader read them (fast-yaml.ts). */
interface Parsed {
  documents: ParsedDocument[];
  fast: boolean;
}

function parseWhole(text: string, base: number, firstIndex: number, json: boolean, limits: ParseOptions = {}): Parsed {
  if (scalars.size >= SCALARS_MAX) scalars = new ScalarTable();
  const shared = scalars;
  // Roughly one node per 12 characters of YAML; the table grows if that is short.
  const table = new FrameTable(Math.max(64, text.length >> 3), shared.strings);
  if (!json && base === 0 && limits.jsYamlOnly !== true) {
    const fast = readFast(text, sinkOf(table, shared), shared.plain, limits.maxDepth);
    if (fast) return { documents: documentsOf(table, fast.values, fast.roots, [], firstIndex, base), fast: true };
    table.reset();
  }
  const roots: number[] = [];
  const stack: number[] = [];
  const aliasesPerRoot: number[] = [];
  let aliases = 0;
  const values = yaml.loadAll(text, undefined, {
    schema: KUBERNETES_SCHEMA,
    json,
    ...(limits.maxDepth !== undefined ? { maxDepth: limits.maxDepth } : {}),
    ...(limits.maxMergeKeys !== undefined ? { maxTotalMergeKeys: limits.maxMergeKeys } : {}),
    listener(event: 'open' | 'close', state: ListenerState) {
      if (event === 'open') {
        stack.push(table.open(state.position + base));
        return;
      }
      const node = stack.pop();
      if (node === undefined) return;
      // The parser reads the node's value from `state.result` once this returns.
      const { result } = state;
      let key = -1;
      if (typeof result === 'string') {
        key = shared.numberOf(result);
        state.result = shared.strings[key];
      } else if (state.kind === 'scalar' && (result === null || typeof result !== 'object')) {
        key = shared.numberOf(String(result));
      }
      table.close(node, state.position + base, state.kind, state.result, key);
      // An alias closes with kind null and the anchored value as its result.
      if (state.kind === null && state.result !== null && state.result !== undefined) aliases++;
      if (stack.length === 0) {
        roots.push(node);
        aliasesPerRoot.push(aliases);
        aliases = 0;
      }
    },
  } as yaml.LoadOptions);
  return { documents: documentsOf(table, values, roots, aliasesPerRoot, firstIndex, base), fast: false };
}

function documentsOf(table: FrameTable, values: unknown[], roots: number[], aliasesPerRoot: number[], firstIndex: number, base: number): ParsedDocument[] {
  table.trim();
  return values.map((value, i) => {
    const root = roots[i];
    const frame: Frame | undefined = root !== undefined && table.kindOf(root) !== 0 ? { table, index: root, value } : undefined;
    return {
      index: firstIndex + i,
      value,
      root: frame,
      start: root !== undefined ? table.startOf(root) : base,
      aliases: aliasesPerRoot[i] ?? 0,
    };
  });
}

/** The frame table and the table of scalars as fast-yaml.ts writes into them. */
function sinkOf(table: FrameTable, shared: ScalarTable): NodeSink {
  return {
    open: (offset) => table.open(offset),
    close: (node, offset, kind, key) => table.closeNode(node, offset, kind, key),
    share: (value) => shared.numberOf(value),
    shared: (key) => shared.strings[key] as string,
  };
}

function problemOf(err: unknown, base: number): YamlProblem {
  if (err instanceof yaml.YAMLException) {
    const reason = err.reason || err.message;
    return {
      kind: /duplicated mapping key/.test(reason) ? 'duplicate-key' : /exceeded max(Depth|TotalMergeKeys)/.test(reason) ? 'limit' : 'syntax',
      message: reason,
      offset: base + (err.mark?.position ?? 0),
    };
  }
  // A stack overflow is the nesting limit the parser could not enforce itself.
  if (err instanceof RangeError) return { kind: 'limit', message: err.message, offset: base };
  return { kind: 'syntax', message: err instanceof Error ? err.message : String(err), offset: base };
}

/** Offsets where documents start: 0 and every `---` marker line. */
function documentStarts(text: string): number[] {
  const starts = [0];
  const marker = /^---(?=[ \t\r\n]|$)/gm;
  for (let m = marker.exec(text); m; m = marker.exec(text)) {
    if (m.index > 0) starts.push(m.index);
  }
  return starts;
}

/**
 * Parses every document of a text. A syntax error does not hide the other documents of the
 * file: the text is then parsed document by document and only the broken ones are lost.
 * Duplicate keys are reported and resolved as Kubernetes does (the last one wins). A document
 * with a lone surrogate escape is left out with a problem at the escape.
 */
export function parseYaml(text: string, limits: ParseOptions = {}): ParseResult {
  const { fast, ...result } = parseDocuments(text, limits);
  // The fast reader gives up on every surrogate, so what it read holds no lone one.
  if (fast) return result;
  return { documents: dropLoneSurrogates(text, result.documents, result.problems), problems: result.problems };
}

function parseDocuments(text: string, limits: ParseOptions): ParseResult & { fast: boolean } {
  const problems: YamlProblem[] = [];
  try {
    return { ...parseWhole(text, 0, 0, false, limits), problems };
  } catch (err) {
    const first = problemOf(err, 0);
    if (first.kind === 'duplicate-key') {
      problems.push(first);
      try {
        return { documents: parseWhole(text, 0, 0, true, limits).documents, problems, fast: false };
      } catch (again) {
        problems.length = 0;
        problems.push(problemOf(again, 0));
      }
    }
  }
  // Salvage: one document at a time.
  problems.length = 0;
  const documents: ParsedDocument[] = [];
  const starts = documentStarts(text);
  for (let i = 0; i < starts.length; i++) {
    const base = starts[i] as number;
    const chunk = text.slice(base, starts[i + 1] ?? text.length);
    const index = documents.length;
    try {
      append(documents, parseWhole(chunk, base, index, false, limits).documents);
    } catch (err) {
      const problem = problemOf(err, base);
      if (problem.kind === 'duplicate-key') {
        try {
          append(documents, parseWhole(chunk, base, index, true, limits).documents);
          problems.push(problem);
          continue;
        } catch (again) {
          problems.push(problemOf(again, base));
          continue;
        }
      }
      problems.push(problem);
    }
  }
  return { documents, problems, fast: false };
}
