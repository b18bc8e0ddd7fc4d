// `undici`, as the action bundle sees it: loaded from dist/undici.cjs on first use.
//
// @actions/core imports @actions/http-client, which imports undici at its top, so the action's
// bundle held undici's 770 KB: a third of what Node.js compiled on every start, and a module
// tree it ran, though only a call of the GitHub API uses it (@actions/github's fetch, and
// http-client's ProxyAgent behind a proxy). scripts/build.mjs bundles undici apart and points
// the action's imports of `undici` here; a run that makes no API call (a push, a fork's pull
// request without upload, the benchmark) never loads it. The two names below are all those
// dependencies import: the build fails if one imports another.
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

interface Undici {
  fetch: (input: unknown, init?: unknown) => Promise<unknown>;
  ProxyAgent: new (options: unknown) => object;
}

let loaded: Undici | undefined;

function undici(): Undici {
  if (loaded) return loaded;
  // Beside the bundle: dist/undici.cjs, built from the undici package the lock file pins.
  const file = fileURLToPath(new URL('./undici.cjs', import.meta.url));
  try {
    return (loaded = createRequire(import.meta.url)(file) as Undici);
  } catch (err) {
    throw new Error(`${file} could not be loaded (${(err as Error).message.split('\n')[0]}): the action's dist/ is incomplete; use a released version of the action, or rebuild dist/ with \`npm run build\`.`, { cause: err });
  }
}

export function fetch(input: unknown, init?: unknown): Promise<unknown> {
  return undici().fetch(input, init);
}

/** `new ProxyAgent(options)` gives undici's own ProxyAgent (a constructor may return another object). */
export const ProxyAgent = function ProxyAgent(options: unknown): object {
  return new (undici().ProxyAgent)(options);
} as unknown as Undici['ProxyAgent'];
