// The text of every manifest the scan read, by repository-relative path, so later stages
// (suppression comments in gate/suppress.ts) do not read and decode the same files again.
// Filled by the manifest loader, emptied at the start of each scan.

const texts = new Map<string, string>();

export function rememberText(rel: string, text: string): void {
  texts.set(rel, text);
}

export function knownText(rel: string): string | undefined {
  return texts.get(rel);
}

export function forgetTexts(): void {
  texts.clear();
}
