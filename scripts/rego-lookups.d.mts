// Types of scripts/rego-lookups.mjs, for the tests.
export function findInOnSets(modules: { file: string; module: unknown }[]): string[];
export function checkLookups(opa: string, dir: string): Promise<string[]>;
