// The manifest source: YAML and JSON files in the repository become scan documents whose
// fields are located through the file's source map.
import fs from 'node:fs';
import type { InputFile } from '../discover/discover.js';
import type { ScanDocument } from '../evaluate/input.js';
import type { FieldPath, Location, RawFinding, ScannedFile } from '../model.js';
import { loadManifest, type LoadedFile } from './index.js';
import type { KubeObject } from './kubernetes.js';
import { resolvePath } from './source-map.js';
import { isHelmOutput } from './helm/prerendered.js';

export interface SourceOutput {
  files: ScannedFile[];
  /** Documents without ids yet: the scan numbers them. */
  documents: Omit<ScanDocument, 'id'>[];
  findings: RawFinding[];
}

/** Locates a field of an object parsed from a YAML/JSON text. */
export function yamlLocator(file: LoadedFile, o: Pick<KubeObject, 'root' | 'basePath' | 'start'>): (path: FieldPath) => Location {
  return (path) => {
    const offset = o.root ? resolvePath(o.root, [...o.basePath, ...path]).offset : o.start;
    const { line, column } = file.lines.position(offset);
    return { file: file.path, line, column, endLine: line };
  };
}

export function loadManifests(inputs: InputFile[], defaultNamespace: string): SourceOutput {
  const out: SourceOutput = { files: [], documents: [], findings: [] };
  for (const input of inputs) {
    const loaded = loadManifest(input.rel, fs.readFileSync(input.abs), { explicit: input.explicit, defaultNamespace });
    out.findings.push(...loaded.findings);
    if (loaded.objects.length === 0 && loaded.findings.length === 0) continue;
    out.files.push({ path: loaded.path, documents: loaded.objects.length });
    // Committed `helm template` output: Helm's objects, reported at their lines in this file.
    const source = isHelmOutput(loaded.text) ? 'helm' : 'manifest';
    for (const o of loaded.objects) {
      out.documents.push({
        file: loaded.path,
        source,
        apiVersion: o.apiVersion,
        kind: o.kind,
        name: o.name,
        namespace: o.namespace,
        object: o.object,
        locate: yamlLocator(loaded, o),
      });
    }
  }
  return out;
}
