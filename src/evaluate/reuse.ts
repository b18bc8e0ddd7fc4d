// An evaluation kept for a second scan of the same documents: the base revision's scan (gate
// `new`, the CLI's --base) when the change touched no input the scan reads, so every document
// is the same. The policies are a function of the documents and the configuration alone, so
// the first scan's findings are the second's. Documents are the same when each is the same
// object at the same place (the second scan took its file's parse from the first,
// load/reuse.ts), or, from a source that renders its documents anew (Helm, Kustomize,
// Terraform), the same JSON.
import type { Config } from '../config/config.js';
import type { ScanDocument } from './input.js';
import type { ResilientResult } from './resilient.js';

export interface KeptEvaluation {
  config: Config;
  documents: readonly ScanDocument[];
  result: ResilientResult;
}

function sameSecrets(a: readonly string[] | undefined, b: readonly string[] | undefined): boolean {
  if (a === b) return true;
  return a !== undefined && b !== undefined && a.length === b.length && a.every((s, i) => s === b[i]);
}

/** Whether the policies see `a` and `b` alike: the same fields, the same object (or its JSON) and secrets. */
function sameDocument(a: ScanDocument, b: ScanDocument): boolean {
  return a.id === b.id && a.file === b.file && a.source === b.source && a.apiVersion === b.apiVersion && a.kind === b.kind &&
    a.name === b.name && a.namespace === b.namespace && sameSecrets(a.secrets, b.secrets) &&
    (a.object === b.object || JSON.stringify(a.object) === JSON.stringify(b.object));
}

/**
 * The kept evaluation's result for `documents`, when they and the configuration are the
 * first scan's and its evaluation left no document out; its documents are then `documents`
 * (their locators read this scan's files).
 */
export function keptResult(kept: KeptEvaluation | undefined, documents: ScanDocument[], config: Config): ResilientResult | undefined {
  if (!kept || kept.config !== config || kept.result.errors.length > 0) return undefined;
  if (kept.documents.length !== documents.length || kept.result.documents.length !== documents.length) return undefined;
  for (let i = 0; i < documents.length; i++) if (!sameDocument(kept.documents[i] as ScanDocument, documents[i] as ScanDocument)) return undefined;
  return { ...kept.result, documents };
}
