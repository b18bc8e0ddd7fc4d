// Types of scripts/wasm-exports.mjs, for the tests.
export const MEMOIZE_INIT: string;
export const ENTRY_FUNCTION_PREFIX: string;
export function exportEntrypoints(bytes: Uint8Array, entrypoints: string[]): Uint8Array;
