// Where the compiled policy bundle and the rule catalog are: beside the running bundle in
// dist/, or in the directory EKS_POLICY_GATE_ASSETS names (used by the tests, which run src/).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { InternalError } from '../errors.js';
import type { Catalog } from './catalog.js';

export interface Assets {
  wasm: Uint8Array;
  catalog: Catalog;
  dir: string;
}

function candidates(): string[] {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const fromEnv = process.env.EKS_POLICY_GATE_ASSETS;
  return [...(fromEnv ? [fromEnv] : []), here, path.resolve(here, '../../dist')];
}

export function loadAssets(): Assets {
  for (const dir of candidates()) {
    const wasmPath = path.join(dir, 'policy.wasm');
    const catalogPath = path.join(dir, 'catalog.json');
    if (fs.existsSync(wasmPath) && fs.existsSync(catalogPath)) {
      return {
        wasm: fs.readFileSync(wasmPath),
        catalog: JSON.parse(fs.readFileSync(catalogPath, 'utf8')) as Catalog,
        dir,
      };
    }
  }
  throw new InternalError(
    `the compiled policy bundle (policy.wasm and catalog.json) is missing; looked in ${candidates().join(', ')}. ` +
      'Reinstall the action, or run `npm run build` in a checkout.',
  );
}
