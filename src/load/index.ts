// Loads one manifest file: decode, parse, recognise Kubernetes objects. Problems with the
// input become EKS-INPUT findings at their file and line; they never stop the scan.
import { decode } from './decode.js';
import { parseYaml, type ParsedDocument, type YamlProblem } from './yaml.js';
import { checkDocument, DEFAULT_LIMITS, documentsMessage, fileSizeMessage, firstDocuments, limitFinding, parserLimitMessage, parserOptions, type InputLimits } from './limits.js';
import { kubernetesObjects, type KubeObject } from './kubernetes.js';
import { LineIndex, resolvePath } from './source-map.js';
import type { RawFinding } from '../model.js';

export interface LoadedFile {
  /** Path relative to the repository root, `/`-separated. */
  path: string;
  text: string;
  lines: LineIndex;
  /** YAML documents in the file (including those that are not Kubernetes objects). */
  documents: number;
  objects: KubeObject[];
  findings: RawFinding[];
  /** JSON bytes the documents that use aliases expand to (charged against limits.total-size). */
  expandedBytes: number;
}

export interface LoadOptions {
  /** The file was named on the command line: say so when it holds no Kubernetes object. */
  explicit: boolean;
  /** Namespace for namespaced objects that do not set one. */
  defaultNamespace: string;
  /** Input limits (load/limits.ts); the defaults when absent. */
  limits?: InputLimits;
}

const TEMPLATE_ACTION = /\{\{[\s\S]*?\}\}/;

function problemFinding(file: string, lines: LineIndex, text: string, p: YamlProblem, limits: InputLimits): RawFinding {
  const { line, column } = lines.position(p.offset);
  const limit = p.kind === 'limit' ? parserLimitMessage(p.message, limits) : undefined;
  if (limit) return limitFinding(file, line, column, limit);
  if (p.kind === 'duplicate-key') {
    return {
      rule: 'EKS-INPUT-003', file, line, column,
      message: `${p.message}: Kubernetes keeps only the last value, so an earlier one is silently lost. Remove or merge the duplicate key.`,
    };
  }
  if (p.kind === 'surrogate') {
    return {
      rule: 'EKS-INPUT-001', file, line, column,
      message: `Not Unicode: ${p.message}, so this document was not checked. Write the character itself (or one \\UXXXXXXXX escape for a character beyond U+FFFF).`,
    };
  }
  if (TEMPLATE_ACTION.test(text)) {
    return {
      rule: 'EKS-INPUT-002', file, line, column,
      message: `The file is an unrendered template (it contains {{ }} actions and is not valid YAML: ${p.message}). Render it first (helm template, or list the chart under \`helm:\` in .eks-policy-gate.yaml) or exclude it under \`paths.exclude\`.`,
    };
  }
  return {
    rule: 'EKS-INPUT-001', file, line, column,
    message: `YAML syntax error: ${p.message}. kubectl would reject this document too: fix it at this line. The file's other documents were still checked.`,
  };
}

export function loadManifest(file: string, bytes: Uint8Array, opts: LoadOptions): LoadedFile {
  const limits = opts.limits ?? DEFAULT_LIMITS;
  const empty = (findings: RawFinding[]): LoadedFile => ({ path: file, text: '', lines: new LineIndex(''), documents: 0, objects: [], findings, expandedBytes: 0 });
  if (bytes.length > limits.fileSize) return empty([limitFinding(file, 1, 1, fileSizeMessage(file, bytes.length, limits.fileSize))]);
  const decoded = decode(bytes);
  if (decoded.kind !== 'text') {
    const findings: RawFinding[] = [];
    if (decoded.kind === 'invalid') {
      const { line, column } = decoded;
      findings.push({
        rule: 'EKS-INPUT-001', file, line, column,
        message: `The file cannot be read as text: ${decoded.message}. Save it as UTF-8, or as UTF-16 with a byte-order mark.`,
      });
    } else if (opts.explicit) {
      findings.push({
        rule: 'EKS-INPUT-004', file, line: 1, column: 1,
        message: 'The file is binary, not a Kubernetes manifest, so nothing in it was checked. Name a YAML or JSON manifest instead.',
      });
    }
    return empty(findings);
  }
  const text = decoded.text;
  const lines = new LineIndex(text);
  // Documents past the limit are cut before parsing (the markers bound their number; a text
  // of fewer lines than the limit cannot hold more documents, and is not searched for them).
  const head = lines.lineCount < limits.documentsPerFile ? { text } : firstDocuments(text, limits.documentsPerFile);
  const parsed = parseYaml(head.text, parserOptions(limits));
  const findings = parsed.problems.map((p) => problemFinding(file, lines, text, p, limits));
  if (head.cut !== undefined) {
    const { line, column } = lines.position(head.cut);
    findings.push(limitFinding(file, line, column, documentsMessage(file, limits.documentsPerFile)));
  }
  // Documents whose aliases expand past a limit (or into themselves) never reach the policies.
  let expandedBytes = 0;
  const kept: ParsedDocument[] = [];
  for (const doc of parsed.documents) {
    const problem = checkDocument(doc, limits);
    if (problem && 'rule' in problem) {
      const { line, column } = lines.position(doc.start);
      findings.push({ rule: problem.rule, file, line, column, message: problem.message });
    } else {
      if (problem) expandedBytes += problem.bytes;
      kept.push(doc);
    }
  }
  const objects = kubernetesObjects(kept, opts.defaultNamespace);
  if (objects.length > limits.documentsPerFile) {
    const first = objects[limits.documentsPerFile] as KubeObject;
    const { line, column } = lines.position(first.root ? resolvePath(first.root, first.basePath).offset : first.start);
    findings.push(limitFinding(file, line, column, documentsMessage(file, limits.documentsPerFile)));
    objects.length = limits.documentsPerFile;
  }
  if (objects.length === 0 && opts.explicit && findings.length === 0) {
    findings.push({
      rule: 'EKS-INPUT-004', file, line: 1, column: 1,
      message: 'The file holds no Kubernetes object (no document has apiVersion and kind), so nothing in it was checked.',
    });
  }
  return { path: file, text, lines, documents: parsed.documents.length, objects, findings, expandedBytes };
}
