// The text of every manifest the scan read, by repository-relative path, so later stages
// (suppression comments in gate/suppress.ts) do not read and decode the same files again.
// Filled by the manifest loader, emptied at the start of each scan.

const texts = new Map<string, string>();
/** Per marker, per file: whether the file contains it (two levels: no key string per question). */
const markers = new Map<string, Map<string, boolean>>();

export function rememberText(rel: string, text: string): void {
  texts.set(rel, text);
}

export function knownText(rel: string): string | undefined {
  return texts.get(rel);
}

/**
 * Whether a file the scan read contains `marker` (remembered per file and marker, since every
 * finding of a file asks); undefined for a file the scan did not read.
 */
export function textIncludes(rel: string, marker: string): boolean | undefined {
  let byFile = markers.get(marker);
  if (!byFile) markers.set(marker, (byFile = new Map()));
  let found = byFile.get(rel);
  if (found === undefined) {
    const text = texts.get(rel);
    if (text === undefined) return undefined;
    found = text.includes(marker);
    byFile.set(rel, found);
  }
  return found;
}

export function forgetTexts(): void {
  texts.clear();
  markers.clear();
}
