// Compiles a directory of user Rego into a Wasm bundle with the `opa` found on PATH, together
// with the gate's helper library (rego/lib, shipped as rego-lib.json beside the built-in
// bundle) and limited to the built-ins the Wasm SDK supports (the same capabilities file the
// built-in rules are held to), so an unsupported built-in fails here, not mid-scan.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { InternalError, UsageError } from '../../errors.js';
import { loadAssets } from '../assets.js';

/** The helper library and capabilities, written by scripts/build.mjs. */
export interface RegoKit {
  capabilities: unknown;
  /** Path under rego/ (e.g. "lib/k8s.rego") to source. */
  files: Record<string, string>;
}

export const KIT_FILE = 'rego-lib.json';

let kit: RegoKit | undefined;

export function regoKit(): RegoKit {
  if (!kit) {
    const { dir } = loadAssets();
    const file = path.join(dir, KIT_FILE);
    if (!fs.existsSync(file)) throw new InternalError(`${file} is missing: the helper library for custom policies is not built. Run \`npm run build\`.`);
    kit = JSON.parse(fs.readFileSync(file, 'utf8')) as RegoKit;
  }
  return kit;
}

/** The `opa` executable on PATH, if any. */
export function findOpa(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const names = process.platform === 'win32' ? ['opa.exe', 'opa'] : ['opa'];
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    for (const name of names) {
      const candidate = path.join(dir, name);
      try {
        if (fs.statSync(candidate).isFile()) {
          fs.accessSync(candidate, fs.constants.X_OK);
          return candidate;
        }
      } catch {
        // not here
      }
    }
  }
  return undefined;
}

export const OPA_MISSING =
  'compiling a directory of Rego needs the `opa` command on PATH, and none was found. ' +
  'In a workflow add `- uses: open-policy-agent/setup-opa@v2` before this step; locally install OPA ' +
  '(https://www.openpolicyagent.org/docs/#running-opa). Or point `policies` at a bundle prebuilt with ' +
  '`opa build -t wasm` (docs/custom-policies.md).';

function declaresLibrary(dir: string): boolean {
  const walk = (d: string): boolean =>
    fs.readdirSync(d, { withFileTypes: true }).some((e) => {
      const p = path.join(d, e.name);
      if (e.isDirectory()) return walk(p);
      return e.name.endsWith('.rego') && !e.name.endsWith('_test.rego') && /^package\s+eks\.lib\b/m.test(fs.readFileSync(p, 'utf8'));
    });
  return walk(dir);
}

/** Compiles `dir` (shown to the user as `display`) and returns the bundle's bytes. */
export function compileDirectory(dir: string, display: string): Buffer {
  const opa = findOpa();
  if (!opa) throw new UsageError(`policies: ${display}: ${OPA_MISSING}`);
  const { capabilities, files } = regoKit();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'eks-policy-gate-custom-'));
  try {
    const lib = path.join(tmp, 'eks-policy-gate-lib');
    // A directory that vendors the library (`eks-policy-gate lib --output`) uses its own copy.
    const vendored = declaresLibrary(dir);
    for (const [rel, source] of vendored ? [] : Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(lib, rel)), { recursive: true });
      fs.writeFileSync(path.join(lib, rel), source);
    }
    const caps = path.join(tmp, 'capabilities.json');
    fs.writeFileSync(caps, JSON.stringify(capabilities));
    const out = path.join(tmp, 'bundle.tar.gz');
    // Relative to the working directory, so opa's messages name files the way the user does.
    const rel = path.relative(process.cwd(), dir);
    const target = rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : dir;
    const r = spawnSync(opa, ['build', '-t', 'wasm', '--capabilities', caps, '--ignore', '*_test.rego', '-o', out, target, lib], {
      encoding: 'utf8',
      timeout: 120_000,
      maxBuffer: 16 * 1024 * 1024,
    });
    if (r.error) throw new UsageError(`policies: ${display}: cannot run ${opa} (${r.error.message}).`);
    if (r.status !== 0) {
      const stderr = (r.stderr || r.stdout || '').replaceAll(lib + path.sep, 'eks-policy-gate lib: ').trim();
      const hint = /at least one entrypoint|no entrypoints/i.test(stderr)
        ? 'No rule found: every custom rule needs a METADATA block on its `deny` with `entrypoint: true` (docs/custom-policies.md).'
        : /undefined function|not available|unsupported built-in|capabilit/i.test(stderr)
          ? 'Custom rules may only call the built-ins the Wasm SDK supports (docs/custom-policies.md lists them).'
          : '';
      throw new UsageError(`policies: ${display}: \`opa build -t wasm\` failed:\n${stderr}\n${hint}`.trimEnd());
    }
    return fs.readFileSync(out);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}
