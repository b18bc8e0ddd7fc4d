// Types of scripts/rule-docs.mjs, for the tests.
import type { Catalog } from '../src/evaluate/catalog.js';

export interface NotImplemented {
  id: string;
  title?: string;
  reason: string;
}
export const NOT_IMPLEMENTED_FILE: string;
export function readNotImplemented(file?: string): NotImplemented[];
export function renderRuleDocs(catalog: Catalog, notImplemented?: NotImplemented[]): Map<string, string>;
export function writeRuleDocs(dir: string, catalog: Catalog): number;
