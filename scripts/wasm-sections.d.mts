// Types of scripts/wasm-sections.mjs, for the tests.
export function leb(bytes: Uint8Array, at: number): [number, number];
export function encodeLeb(value: number): number[];
export function name(bytes: Uint8Array, at: number): [string, number];
export function sections(bytes: Uint8Array): Array<{ id: number; start: number; body: number; end: number }>;
