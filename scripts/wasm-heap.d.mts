// Types of scripts/wasm-heap.mjs, for the tests.
export const OPA_CLASSES: number[];
export const CLASSES: number[];
export function sizeClasses(bytes: Uint8Array): number[] | undefined;
export function withSizeClasses(bytes: Uint8Array, classes?: number[], shipped?: number[]): Uint8Array;
