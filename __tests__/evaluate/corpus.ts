// The shared corpus as the engine's input: its Kubernetes manifests and Terraform plans, with
// the scan's document ids (for the tests that evaluate the whole policy bundle on it).
import path from 'node:path';
import { expect } from 'vitest';
import type { LoadedPolicy } from '@open-policy-agent/opa-wasm';
import { withDefaults } from '../../src/config/config.js';
import { discover } from '../../src/discover/discover.js';
import { loadManifests } from '../../src/load/manifests.js';
import { loadTerraformPlans } from '../../src/load/terraform/index.js';
import { buildInput, type PolicyInput, type ScanDocument } from '../../src/evaluate/input.js';
import { loadAssets } from '../../src/evaluate/assets.js';
import { initialPages } from '../../src/evaluate/engine.js';
import { loadPolicySync, loadScan, type ScanJson } from '../../src/evaluate/instance.js';
import { ValueReader, type WasmMemory } from '../../src/evaluate/values.js';
import { CORPUS } from '../helpers.js';

export function corpusInput(): { documents: ScanDocument[]; input: PolicyInput } {
  const dirs = [path.join(CORPUS, 'k8s'), path.join(CORPUS, 'tfplan')];
  const found = discover(dirs, { root: CORPUS, exclude: [], include: [] });
  const manifests = loadManifests(found.manifests, 'default').documents;
  const plans = loadTerraformPlans(found.plans, [], { root: CORPUS }).documents;
  const documents = [...manifests, ...plans].map((d, id) => ({ ...d, id }) as ScanDocument);
  return { documents, input: buildInput(documents, withDefaults({})) };
}

/**
 * A policy instance (the built bundle, or `wasm`) with the scan loaded as the engine loads it,
 * the shared values added in place; `writeValues` false has the runtime parse the documents.
 */
export function loadedPolicy(json: ScanJson, writeValues = true, wasm: Uint8Array = loadAssets().wasm): LoadedPolicy {
  const policy = loadPolicySync(wasm, { initial: initialPages(json.bytes.byteLength) });
  expect(loadScan(policy, json, true, undefined, writeValues)).toBe('graft');
  return policy;
}

interface Internals {
  mem: WasmMemory;
  dataAddr: number;
}

/** The loaded scan's documents array: its address and the address of each document. */
export function documentAddresses(policy: LoadedPolicy): { array: number; each: number[] } {
  const { mem, dataAddr } = policy as unknown as Internals;
  const reader = new ValueReader(mem);
  const member = (object: number, key: string) => reader.elements(object, true).find(([k]) => reader.string(k) === key)?.[1] ?? 0;
  const array = member(member(dataAddr, 'scan'), 'documents');
  const length = reader.u32(array + 8);
  const elements = reader.u32(array + 4);
  return { array, each: Array.from({ length }, (_, i) => reader.u32(elements + 8 * i + 4)) };
}

/** Each document of the loaded scan as JSON, read in the runtime's iteration order. */
export function documents(policy: LoadedPolicy): string[] {
  const reader = new ValueReader((policy as unknown as Internals).mem);
  return documentAddresses(policy).each.map((at) => JSON.stringify(reader.toJS(at)));
}
