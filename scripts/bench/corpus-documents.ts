// The Kubernetes documents of a corpus folder, with the scan's document ids, as the engine gets
// them (for the scripts that time the rule packages on their own).
import { discover } from '../../src/discover/discover.js';
import { loadManifests } from '../../src/load/manifests.js';
import type { ScanDocument } from '../../src/evaluate/input.js';

export function corpusDocuments(dir: string): ScanDocument[] {
  const found = discover([dir], { root: dir, exclude: [], include: [], planGlobs: [], binaryPlanGlobs: [] } as Parameters<typeof discover>[1]);
  return loadManifests(found.manifests, 'default').documents.map((d, id) => ({ ...d, id }) as ScanDocument);
}
