// Shared test helpers: temporary repositories and running the CLI in-process or as dist/ does.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { main } from '../src/cli.js';

export const ROOT = path.resolve(__dirname, '..');
export const CORPUS = path.resolve(ROOT, '../shared/corpus');

/** A temporary directory holding these files (paths relative to it); removed by the caller. */
/** The YAML and JSON files under a folder, sorted ([] when it does not exist). */
export function manifestFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...manifestFiles(p));
    else if (/\.(ya?ml|json)$/.test(e.name)) out.push(p);
  }
  return out.sort();
}

export function tempDir(files: Record<string, string | Uint8Array> = {}, prefix = 'epg-test-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  for (const [rel, content] of Object.entries(files)) {
    const abs = path.join(dir, rel);
    fs.mkdirSync(path.dirname(abs), { recursive: true });
    fs.writeFileSync(abs, content);
  }
  return dir;
}

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI in this process, from `cwd`. */
export function cli(args: string[], cwd = ROOT): RunResult {
  const previous = process.cwd();
  let stdout = '';
  let stderr = '';
  process.chdir(cwd);
  try {
    const code = main(args, (t) => (stdout += t), (t) => (stderr += t));
    return { code, stdout, stderr };
  } finally {
    process.chdir(previous);
  }
}

/** Runs a bundled script (dist/cli.js by default) with node, as a user would. */
export function node(script: string, args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv; nodeBinary?: string } = {}): RunResult {
  const r = spawnSync(opts.nodeBinary ?? process.execPath, [script, ...args], {
    cwd: opts.cwd ?? ROOT,
    env: opts.env ?? { ...process.env, NO_COLOR: '1' },
    encoding: 'utf8',
    maxBuffer: 512 * 1024 * 1024,
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/**
 * A minimal `terraform show -json` plan (format 1.2) of managed resources, with their values and
 * the configuration references the loader resolves (`refs`: attribute -> addresses).
 */
export function terraformPlan(resources: Array<{ type: string; name: string; after: Record<string, unknown>; refs?: Record<string, string[]> }>): string {
  const address = (r: { type: string; name: string }) => `${r.type}.${r.name}`;
  return JSON.stringify({
    format_version: '1.2',
    terraform_version: '1.9.0',
    planned_values: { root_module: { resources: resources.map((r) => ({ address: address(r), mode: 'managed', type: r.type, name: r.name, provider_name: 'registry.terraform.io/hashicorp/aws', values: r.after })) } },
    resource_changes: resources.map((r) => ({ address: address(r), mode: 'managed', type: r.type, name: r.name, provider_name: 'registry.terraform.io/hashicorp/aws', change: { actions: ['create'], before: null, after: r.after, after_unknown: {} } })),
    configuration: {
      root_module: {
        resources: resources.map((r) => ({
          address: address(r), mode: 'managed', type: r.type, name: r.name,
          expressions: Object.fromEntries(Object.entries(r.refs ?? {}).map(([k, v]) => [k, { references: v }])),
        })),
      },
    },
  });
}
