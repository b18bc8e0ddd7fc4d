// Loads one manifest file: decode, parse, recognise Kubernetes objects. Problems with the
// input become EKS-INPUT findings at their file and line; they never stop the scan.
import { decode } from './decode.js';
import { parseYaml, type YamlProblem } from './yaml.js';
import { kubernetesObjects, type KubeObject } from './kubernetes.js';
import { LineIndex } from './source-map.js';
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
}

export interface LoadOptions {
  /** The file was named on the command line: say so when it holds no Kubernetes object. */
  explicit: boolean;
  /** Namespace for namespaced objects that do not set one. */
  defaultNamespace: string;
}

const TEMPLATE_ACTION = /\{\{[\s\S]*?\}\}/;

function problemFinding(file: string, lines: LineIndex, text: string, p: YamlProblem): RawFinding {
  const { line, column } = lines.position(p.offset);
  if (p.kind === 'duplicate-key') {
    return {
      rule: 'EKS-INPUT-003', file, line, column,
      message: `${p.message}: Kubernetes keeps only the last value, so an earlier one is silently lost. Remove or merge the duplicate key.`,
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
  const decoded = decode(bytes);
  if (decoded.kind !== 'text') {
    const empty = new LineIndex('');
    const findings: RawFinding[] = [];
    if (decoded.kind === 'invalid') {
      let line = 1;
      for (let i = 0; i < decoded.offset; i++) if (bytes[i] === 0x0a) line++;
      findings.push({
        rule: 'EKS-INPUT-001', file, line, column: 1,
        message: `The file is not valid UTF-8 (${decoded.message}). Save it as UTF-8, or as UTF-16 with a byte-order mark.`,
      });
    } else if (opts.explicit) {
      findings.push({
        rule: 'EKS-INPUT-004', file, line: 1, column: 1,
        message: 'The file is binary, not a Kubernetes manifest, so nothing in it was checked. Name a YAML or JSON manifest instead.',
      });
    }
    return { path: file, text: '', lines: empty, documents: 0, objects: [], findings };
  }
  const text = decoded.text;
  const lines = new LineIndex(text);
  const parsed = parseYaml(text);
  const findings = parsed.problems.map((p) => problemFinding(file, lines, text, p));
  const objects = kubernetesObjects(parsed.documents, opts.defaultNamespace);
  if (objects.length === 0 && opts.explicit && parsed.problems.length === 0) {
    findings.push({
      rule: 'EKS-INPUT-004', file, line: 1, column: 1,
      message: 'The file holds no Kubernetes object (no document has apiVersion and kind), so nothing in it was checked.',
    });
  }
  return { path: file, text, lines, documents: parsed.documents.length, objects, findings };
}
