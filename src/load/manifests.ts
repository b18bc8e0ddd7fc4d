// The manifest source: YAML and JSON files in the repository become scan documents whose
// fields are located through the file's source map.
import type { InputFile } from '../discover/discover.js';
import type { ScanDocument } from '../evaluate/input.js';
import type { FieldPath, Location, RawFinding, ScanError, ScannedFile } from '../model.js';
import { toError } from '../errors.js';
import { loadManifest, type LoadedFile } from './index.js';
import type { LineIndex } from './source-map.js';
import type { KubeObject } from './kubernetes.js';
import { resolvePath } from './source-map.js';
import { embeddedOffset, valueAt } from './embedded.js';
import { isHelmOutput } from './helm/prerendered.js';
import { DEFAULT_LIMITS, fileSizeMessage, InputBudget, limitFinding, type InputLimits } from './limits.js';
import { readBounded, readText } from './read.js';
import { rememberText } from './texts.js';
import { KeptParses } from './reuse.js';
import { append } from '../append.js';

export interface SourceOutput {
  files: ScannedFile[];
  /** Documents without ids yet: the scan numbers them. */
  documents: Omit<ScanDocument, 'id'>[];
  findings: RawFinding[];
  /** Internal failures on single inputs: reported, and the gate fails closed unless configured otherwise. */
  errors?: ScanError[];
}

/** What a locator needs of its file: the path, the line index, and the text when asked for. */
export interface LocatedFile {
  path: string;
  lines: LineIndex;
  /**
   * The file's text, for a node inside a string (embedded); undefined when it cannot be had
   * any more. Only such findings ask for it, so a loader may read the file again rather than
   * keep every text of the scan.
   */
  text(): string | undefined;
}

/**
 * Locates a field of an object parsed from a YAML/JSON text; with `embedded`, a node inside
 * the YAML/JSON document held by the string at `path` (load/embedded.ts; needs `object`).
 */
export function yamlLocator(
  file: LocatedFile,
  o: Pick<KubeObject, 'root' | 'basePath' | 'start'> & { object?: unknown },
): (path: FieldPath, embedded?: FieldPath) => Location {
  return (path, embedded) => {
    const full = o.basePath.length ? [...o.basePath, ...path] : path;
    const resolved = o.root ? resolvePath(o.root, full) : undefined;
    let offset = resolved ? resolved.offset : o.start;
    if (embedded?.length && resolved?.depth === full.length) {
      const value = valueAt(o.object, path);
      const text = typeof value === 'string' ? file.text() : undefined;
      // embeddedOffset checks the line it finds against the value, so a file that changed since
      // it was parsed gives the string's own line, never a wrong one.
      if (typeof value === 'string' && text !== undefined) offset = embeddedOffset(text, resolved.offset, resolved.endOffset, value, embedded) ?? offset;
    }
    const { line, column } = file.lines.position(offset);
    return { file: file.path, line, column, endLine: line };
  };
}

/**
 * Manifests' texts for their locators, read again from the file when asked: keeping every text
 * of a scan costs as much memory as its YAML (31 MB at 10,000 documents) for the few findings
 * inside a string. A pipe cannot be read twice, so a file named on the command line keeps its
 * text; a file whose length changed since it was parsed gives none. The last file read is kept,
 * since one object's findings ask together.
 */
function textSources(limits: InputLimits): (input: InputFile, loaded: LoadedFile, length: number) => () => string | undefined {
  let last: { abs: string; text: string | undefined } | undefined;
  return (input, loaded, length) => {
    if (input.explicit) {
      const { text } = loaded;
      return () => text;
    }
    return () => {
      if (last?.abs !== input.abs) {
        const text = readText(input.abs, { maxBytes: limits.fileSize });
        last = { abs: input.abs, text: text?.length === length ? text : undefined };
      }
      return last.text;
    };
  };
}

export interface ManifestOptions {
  limits?: InputLimits;
  /** The scan's shared byte budget (limits.total-size). */
  budget?: InputBudget;
  /** Keep each file's parse here for a later scan of another revision (load/reuse.ts). */
  keep?: KeptParses;
  /** Take the parse of a file with the same path and bytes from here instead of parsing it. */
  reuse?: KeptParses;
}

export function loadManifests(inputs: InputFile[], defaultNamespace: string, opts: ManifestOptions = {}): SourceOutput {
  const out: SourceOutput = { files: [], documents: [], findings: [] };
  const limits = opts.limits ?? DEFAULT_LIMITS;
  const budget = opts.budget ?? new InputBudget(limits);
  const textSource = textSources(limits);
  for (const input of inputs) {
    // Discovery found the file inside the repository; it is read at most to the size limit
    // (a named /dev/stdin is read as a pipe).
    const read = readBounded(input.abs, { maxBytes: limits.fileSize, explicit: input.explicit, ...(input.real !== undefined ? { real: input.real } : {}) });
    if (!read.ok) {
      if (read.reason === 'too-large') out.findings.push(limitFinding(input.rel, 1, 1, fileSizeMessage(input.rel, read.size, limits.fileSize)));
      else if (input.explicit) out.findings.push({ rule: 'EKS-INPUT-001', file: input.rel, line: 1, column: 1, message: `${input.rel} ${read.message}, so nothing in it was checked. Name a manifest file.` });
      continue;
    }
    if (!budget.take(read.bytes.length, input.rel)) {
      out.findings.push(budget.refusal(input.rel));
      continue;
    }
    // A file named on the command line keeps its text for its locators: never kept or taken.
    const digest = (opts.keep || opts.reuse) && !input.explicit ? KeptParses.digest(read.bytes) : undefined;
    const taken = digest !== undefined ? opts.reuse?.take(input.rel, digest, defaultNamespace, limits) : undefined;
    let loaded: LoadedFile;
    try {
      loaded = taken?.loaded ?? loadManifest(input.rel, read.bytes, { explicit: input.explicit, defaultNamespace, limits });
    } catch (thrown) {
      (out.errors ??= []).push({
        file: input.rel,
        message: `reading ${input.rel} failed: ${toError(thrown).message}. Nothing in it was checked. This is a bug in eks-policy-gate: please report it with the file. To go on meanwhile, exclude it under \`paths.exclude\` and set \`fail-on-error: false\`.`,
      });
      continue;
    }
    if (loaded.expandedBytes > 0 && !budget.take(loaded.expandedBytes, input.rel)) {
      out.findings.push(budget.refusal(input.rel));
      continue;
    }
    if (digest !== undefined && opts.keep) opts.keep.keep(digest, loaded, defaultNamespace, limits);
    append(out.findings, loaded.findings);
    rememberText(input.rel, loaded.text);
    const located: LocatedFile = { path: loaded.path, lines: loaded.lines, text: textSource(input, loaded, taken?.textLength ?? loaded.text.length) };
    if (loaded.objects.length === 0 && loaded.findings.length === 0) continue;
    out.files.push({ path: loaded.path, documents: loaded.objects.length });
    // Committed `helm template` output: Helm's objects, reported at their lines in this file.
    const source = (taken?.helm ?? isHelmOutput(loaded.text)) ? 'helm' : 'manifest';
    for (const o of loaded.objects) {
      out.documents.push({
        file: loaded.path,
        source,
        apiVersion: o.apiVersion,
        kind: o.kind,
        name: o.name,
        namespace: o.namespace,
        object: o.object,
        locate: yamlLocator(located, o),
      });
    }
  }
  return out;
}
