// The shared corpus as the engine's input: its Kubernetes manifests and Terraform plans, with
// the scan's document ids (for the tests that evaluate the whole policy bundle on it).
import path from 'node:path';
import { withDefaults } from '../../src/config/config.js';
import { discover } from '../../src/discover/discover.js';
import { loadManifests } from '../../src/load/manifests.js';
import { loadTerraformPlans } from '../../src/load/terraform/index.js';
import { buildInput, type PolicyInput, type ScanDocument } from '../../src/evaluate/input.js';
import { CORPUS } from '../helpers.js';

export function corpusInput(): { documents: ScanDocument[]; input: PolicyInput } {
  const dirs = [path.join(CORPUS, 'k8s'), path.join(CORPUS, 'tfplan')];
  const found = discover(dirs, { root: CORPUS, exclude: [], include: [] });
  const manifests = loadManifests(found.manifests, 'default').documents;
  const plans = loadTerraformPlans(found.plans, [], { root: CORPUS }).documents;
  const documents = [...manifests, ...plans].map((d, id) => ({ ...d, id }) as ScanDocument);
  return { documents, input: buildInput(documents, withDefaults({})) };
}
