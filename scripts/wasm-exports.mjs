// The entrypoints' own functions exported from the compiled policy (a build step).
//
// OPA's `eval` export runs an entrypoint as a plan: it initialises memoization, calls the
// entrypoint's function (`g0.data.eks.entry.<name>`, taking input and data, returning the
// value or 0 for undefined), then puts `{"result": value}` into a result set. Adding to a set
// hashes the member whole, so every evaluation hashed all of its package's findings once more
// just to hand them over (5.6 % of the rule packages' time at 44,830 documents; for the
// shared values, every document the pod carriers hold). The engine reads the value and never
// the set (src/evaluate/instance.ts), so the build exports those functions and
// `opa_memoize_init`, and the engine calls them the way `eval` does (OPA's
// internal/compiler/wasm: `compilePlans`), without the set. A module without these exports (a
// user's prebuilt bundle) is evaluated through `eval`.
//
// By hand on the bytes, like wasm-heap.mjs: only the export section is rewritten; the
// functions are found by the name section OPA writes, and their types are checked.
import { encodeLeb, leb, name, sections } from './wasm-sections.mjs';

/** Function names exported by exportEntrypoints: the memoization reset, and each entrypoint's function by prefix. */
export const MEMOIZE_INIT = 'opa_memoize_init';
export const ENTRY_FUNCTION_PREFIX = 'g0.data.';

const I32 = 0x7f;

/** Each function's type as `(params)->(results)` in value-type bytes, and its name, by function index. */
function functions(bytes, all) {
  const types = [];
  const typeOf = [];
  const names = new Map();
  for (const s of all) {
    let [count, at] = s.id === 0 ? [0, s.body] : leb(bytes, s.body);
    if (s.id === 1) {
      for (let i = 0; i < count; i++) {
        const [params, p] = leb(bytes, at + 1); // 0x60 form
        const [results, r] = leb(bytes, p + params);
        types.push(`(${[...bytes.subarray(p, p + params)].join(',')})->(${[...bytes.subarray(r, r + results)].join(',')})`);
        at = r + results;
      }
    } else if (s.id === 2) {
      for (let i = 0; i < count; i++) {
        [, at] = name(bytes, at);
        [, at] = name(bytes, at);
        const kind = bytes[at++];
        if (kind === 0) {
          [, at] = leb(bytes, at);
          typeOf.push(undefined); // imported functions: not exported here
        } else if (kind === 1 || kind === 2) {
          if (kind === 1) at++; // table: element type
          const flags = bytes[at++];
          [, at] = leb(bytes, at);
          if (flags & 1) [, at] = leb(bytes, at);
        } else if (kind === 3) at += 2; // global: value type, mutability
        else throw new Error(`import kind ${kind}`);
      }
    } else if (s.id === 3) {
      for (let i = 0; i < count; i++) {
        let t;
        [t, at] = leb(bytes, at);
        typeOf.push(types[t]);
      }
    } else if (s.id === 0) {
      let section;
      [section, at] = name(bytes, at);
      while (section === 'name' && at < s.end) {
        const sub = bytes[at];
        const [size, body] = leb(bytes, at + 1);
        if (sub === 1) {
          let [n, p] = leb(bytes, body);
          for (let i = 0; i < n; i++) {
            let index, fn;
            [index, p] = leb(bytes, p);
            [fn, p] = name(bytes, p);
            names.set(fn, index);
          }
        }
        at = body + size;
      }
    }
  }
  return { typeOf, names };
}

/**
 * A copy of the module that also exports `opa_memoize_init` and the function of each of
 * `entrypoints` (as `opa build` names them, `eks/entry/x`) under its own name
 * (`g0.data.eks.entry.x`). Throws, naming what is missing, when a function is not in the
 * module's name section or does not have the type OPA's compiler gives it.
 */
export function exportEntrypoints(bytes, entrypoints) {
  const all = sections(bytes);
  const exportSection = all.find((s) => s.id === 7);
  if (!exportSection) throw new Error('the module has no export section');
  const { typeOf, names } = functions(bytes, all);
  const wanted = [[MEMOIZE_INIT, '()->()'], ...entrypoints.map((e) => [ENTRY_FUNCTION_PREFIX + e.split('/').join('.'), `(${I32},${I32})->(${I32})`])];
  const added = [];
  for (const [fn, type] of wanted) {
    const index = names.get(fn);
    if (index === undefined) throw new Error(`no function ${fn} in the module's name section`);
    if (typeOf[index] !== type) throw new Error(`function ${fn} has the type ${typeOf[index] ?? 'of an import'}, expected ${type}`);
    const encoded = new TextEncoder().encode(fn);
    added.push(...encodeLeb(encoded.length), ...encoded, 0x00, ...encodeLeb(index));
  }
  const [count, first] = leb(bytes, exportSection.body);
  const body = [...encodeLeb(count + wanted.length), ...bytes.subarray(first, exportSection.end), ...added];
  const section = [7, ...encodeLeb(body.length), ...body];
  const out = new Uint8Array(bytes.length - (exportSection.end - exportSection.start) + section.length);
  out.set(bytes.subarray(0, exportSection.start));
  out.set(section, exportSection.start);
  out.set(bytes.subarray(exportSection.end), exportSection.start + section.length);
  return out;
}
