// The policies' calls to sprintf, answered without the SDK's JSON round trips.
//
// OPA's Wasm runtime has no sprintf: the module calls an import, opa_builtin2, and the SDK
// answers it (_builtinCall in @open-policy-agent/opa-wasm 1.10): it has the runtime write each
// argument out as JSON (opa_json_dump), finds the text's end a byte at a time, decodes and
// parses it with a new TextDecoder, calls sprintf-js's vsprintf, and loads the result back with
// JSON.stringify, a new TextEncoder and the runtime's parser. Messages are built with sprintf, so
// a scan of 10,000 documents makes about 50,000 calls: 0.38 s of the evaluation worker's 2.7 s
// in a CPU profile, 0.05 s of it in vsprintf. Here the arguments are read straight out of the
// memory (values.ts, which reads values as JSON.parse would read the runtime's JSON of them),
// vsprintf is the same function of the same package, and the result is written into the memory
// as a string value (checked once against the runtime's own parse of a probe, else loaded as the
// SDK loads it, its JSON parsed by the runtime). Every other built-in still goes through the SDK.
//
// The SDK builds the imports inside loadPolicySync and keeps them to itself, so the only place
// to answer them first is the instantiation: WebAssembly.Instance is replaced for that one
// synchronous call by a subclass that wraps the import (withFastBuiltins). Written by hand
// because the SDK offers no hook for it.
import sprintfJs from 'sprintf-js';
import { blockString, OpaLayoutError, runtimeParse, textAt, ValueReader, type WasmMemory } from './values.js';

/** Written by hand and parsed by the runtime, the two must dump alike: escapes, multi-byte characters, an empty tail. */
const STRING_PROBE = 'probe "q" \\ \n\t é € 😀 \u0001 end';
/** How the sprintf results of this process were loaded: written in place, or parsed by the runtime. */
export const loadedResults = { written: 0, parsed: 0 };

type WasmFn = (...args: number[]) => number;
type Imports = { env: Record<string, unknown> & { memory: WasmMemory } };
type Instance = { exports: Record<string, unknown> };
type InstanceClass = new (module: unknown, imports: Imports) => Instance;

/** The imports with opa_builtin2 answered here for sprintf; `bind` gives them the instance once made. */
function fastImports(imports: Imports): { imports: Imports; bind(instance: Instance): void } {
  const { env } = imports;
  const fallback = env.opa_builtin2;
  if (typeof fallback !== 'function') return { imports, bind: () => undefined };
  const { memory } = env;
  let exports: Record<string, unknown> = {};
  let sprintfId: number | undefined | null = null; // null: not looked up yet
  const texts = new Map<number, string>();
  /** Where the heap starts: below it is the module's static data, where the formats are. */
  let stable = 0;
  const call = (name: string, ...args: number[]) => (exports[name] as WasmFn)(...args);
  let made: ValueReader | undefined;
  const reader = () => (made ??= new ValueReader(memory, { dump: (addr) => call('opa_json_dump', addr), texts, stableBelow: stable })).again();
  /** The id the module gave sprintf (its `builtins` export: an object of names and ids). */
  const sprintf = () => {
    if (sprintfId === null) {
      const ids = reader().toJS(call('builtins')) as Record<string, unknown>;
      sprintfId = typeof ids.sprintf === 'number' ? ids.sprintf : undefined;
    }
    return sprintfId;
  };
  /** Loads a value as the SDK's _loadJSON does: its JSON parsed by the runtime. */
  const load = (value: unknown): number => {
    const parsed = runtimeParse(memory, call, JSON.stringify(value));
    if (parsed === 0) throw new Error('failed to parse json value');
    return parsed;
  };
  /**
   * Results are written as string values in place (blockString) once the runtime dumps a probe
   * written so exactly as it dumps the probe it parsed itself (null: not checked yet).
   */
  let written: boolean | null = null;
  const dumped = (addr: number) => textAt(Buffer.from(memory.buffer), call('opa_json_dump', addr));
  const loadString = (text: string): number => {
    if (written === null) {
      const mine = dumped(blockString(memory, call, STRING_PROBE));
      written = mine !== undefined && mine === dumped(load(STRING_PROBE));
    }
    if (!written) {
      loadedResults.parsed++;
      return load(text);
    }
    loadedResults.written++;
    return blockString(memory, call, text);
  };
  const wrapped: Imports = {
    ...imports,
    env: {
      ...env,
      opa_builtin2(id: number, ctx: number, a: number, b: number): number {
        if (id !== sprintf()) return (fallback as WasmFn)(id, ctx, a, b);
        let format: unknown;
        let args: unknown;
        try {
          const read = reader();
          format = read.toJS(a);
          args = read.toJS(b);
        } catch (thrown) {
          // A memory not laid out as values.ts reads it: the SDK answers from now on.
          if (!(thrown instanceof OpaLayoutError)) throw thrown;
          sprintfId = undefined;
          return (fallback as WasmFn)(id, ctx, a, b);
        }
        const text: unknown = sprintfJs.vsprintf(format, args);
        return typeof text === 'string' ? loadString(text) : load(text);
      },
    },
  };
  return {
    imports: wrapped,
    bind(instance) {
      exports = instance.exports;
      // A module without these exports has its sprintf calls answered by the SDK.
      if (['opa_heap_ptr_get', 'opa_malloc', 'opa_json_parse', 'opa_json_dump', 'builtins'].some((f) => typeof exports[f] !== 'function')) {
        sprintfId = undefined;
        return;
      }
      stable = call('opa_heap_ptr_get');
    },
  };
}

/**
 * Runs `load` (the SDK's loadPolicySync) with the instance it makes answering sprintf here:
 * WebAssembly.Instance is a subclass that wraps the imports for the length of the call.
 */
export function withFastBuiltins<T>(load: () => T): T {
  const wasm = (globalThis as unknown as { WebAssembly: { Instance: InstanceClass } }).WebAssembly;
  const Original = wasm.Instance;
  class FastInstance extends Original {
    constructor(module: unknown, imports: Imports) {
      const fast = fastImports(imports);
      super(module, fast.imports);
      fast.bind(this);
    }
  }
  wasm.Instance = FastInstance;
  try {
    return load();
  } finally {
    wasm.Instance = Original;
  }
}
