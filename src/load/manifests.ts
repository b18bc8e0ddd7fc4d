// The manifest source: YAML and JSON files in the repository become scan documents whose
// fields are located through the file's source map.
import fs from 'node:fs';
import type { InputFile } from '../discover/discover.js';
import type { ScanDocument } from '../evaluate/input.js';
import type { FieldPath, Location, RawFinding, ScannedFile } from '../model.js';
import { loadManifest, type LoadedFile } from './index.js';
import type { KubeObject } from './kubernetes.js';
import { resolvePath } from './source-map.js';
import { embeddedOffset, valueAt } from './embedded.js';
import { isHelmOutput } from './helm/prerendered.js';

export interface SourceOutput {
  files: ScannedFile[];
  /** Documents without ids yet: the scan numbers them. */
  documents: Omit<ScanDocument, 'id'>[];
  findings: RawFinding[];
}

/**
 * Locates a field of an object parsed from a YAML/JSON text; with `embedded`, a node inside
 * the YAML/JSON document held by the string at `path` (load/embedded.ts; needs `object`).
 */
export function yamlLocator(
  file: LoadedFile,
  o: Pick<KubeObject, 'root' | 'basePath' | 'start'> & { object?: unknown },
): (path: FieldPath, embedded?: FieldPath) => Location {
  return (path, embedded) => {
    const full = [...o.basePath, ...path];
    const resolved = o.root ? resolvePath(o.root, full) : undefined;
    let offset = resolved ? resolved.offset : o.start;
    if (embedded?.length && resolved?.depth === full.length) {
      const value = valueAt(o.object, path);
      if (typeof value === 'string') offset = embeddedOffset(file.text, resolved.offset, resolved.endOffset, value, embedded) ?? offset;
    }
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
