// Where a finding gets its line. A finding on a document asks the document's source, which
// knows how a field path maps to a file the user edits (source-map lookups for YAML, template
// lines for Helm, .tf lines for Terraform). A finding about a file carries its own line.
import type { FieldPath, Location, RawFinding } from '../model.js';
import type { ScanDocument } from './input.js';

export function locate(f: RawFinding, doc: ScanDocument | undefined): Location {
  if (doc) return f.embedded?.length ? doc.locate(f.path ?? [], f.embedded) : doc.locate(f.path ?? []);
  const line = f.line ?? 1;
  return { file: f.file ?? '', line, column: f.column ?? 1, endLine: line };
}

/** `spec.template.spec.containers[0].securityContext.privileged` */
export function formatPath(path: FieldPath | undefined): string | undefined {
  if (!path || path.length === 0) return undefined;
  let out = '';
  for (const step of path) {
    if (typeof step === 'number') out += `[${step}]`;
    else if (/^[A-Za-z_][A-Za-z0-9_-]*$/.test(step)) out += out ? `.${step}` : step;
    else out += `[${JSON.stringify(step)}]`;
  }
  return out;
}
