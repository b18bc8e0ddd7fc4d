// Which manifests the scan read hold a suppression comment, and the texts of those that do, by
// repository-relative path, so the gate (gate/suppress.ts) reads none of them again. Only those
// texts are kept: the others are as large as the scan's YAML (31 MB at 10,000 documents) and
// nothing after parsing needs them (lines come from the line index, keys from the frame table).
// Filled by the manifest loader, emptied at the start of each scan.

/** What a suppression comment holds (gate/suppress.ts parses the comment). */
export const IGNORE_MARKER = 'eks-policy-gate:ignore';

/** By file: its text when it holds the marker, null when it does not. */
const texts = new Map<string, string | null>();

export function rememberText(rel: string, text: string): void {
  texts.set(rel, text.includes(IGNORE_MARKER) ? text : null);
}

/** The text of a file the scan read that holds a suppression comment. */
export function knownText(rel: string): string | undefined {
  return texts.get(rel) ?? undefined;
}

/** Whether a file the scan read holds a suppression comment; undefined for a file it did not read. */
export function hasIgnoreMarker(rel: string): boolean | undefined {
  const text = texts.get(rel);
  return text === undefined ? undefined : text !== null;
}

export function forgetTexts(): void {
  texts.clear();
}
